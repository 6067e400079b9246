/**
 * A probe for the admin section (not part of `npm run bench`): opens `/dashboard` and `/products`
 * once each in Chromium against the bench's stack and prints where the time goes — navigation
 * timing, the JS chunks, the Apollo cache restore (`jowi:cache-restored` mark), every
 * `/api/graphql` request, the moment the data is on screen — and then the page's queries timed
 * straight against the gateway (gateway and subgraphs without the browser and the BFF).
 *
 * `BENCH_DB=<admin url of a kept bench database> npx tsx bench/admin-probe.ts`
 * (keep one with `BENCH_KEEP_DB=1 npm run bench -- admin …`; without BENCH_DB a fresh database
 * with the demo tenants only is made and dropped).
 */
import { generateSigningKeys } from '@jowi/server-kit';
import { findChromium, startStack } from '@jowi/system';
import { chromium, type Page } from 'playwright-core';
import { adminEnvOf, ensureBuilt, startNext } from '../web-admin/e2e/next-server.ts';
import { DEMO } from './lib/data.ts';
import { createBenchDatabase } from './lib/setup.ts';

const say = (m: string) => console.log(m);
const ms = (n: number) => `${Math.round(n)}`.padStart(6);

function dayOffset(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

interface PageTimings {
  ttfb: number;
  htmlEnd: number;
  dcl: number;
  load: number;
  marks: [string, number][];
  resources: { name: string; start: number; end: number; size: number; server: string }[];
}

/** Runs in the page (a string: the bench compiles without the DOM types). */
const PAGE_TIMINGS = `(() => {
  const n = performance.getEntriesByType('navigation')[0];
  return {
    ttfb: n.responseStart,
    htmlEnd: n.responseEnd,
    dcl: n.domContentLoadedEventEnd,
    load: n.loadEventEnd,
    marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]),
    resources: performance.getEntriesByType('resource').map((r) => ({
      name: r.name.replace(/^https?:\\/\\/[^/]+/, ''),
      start: r.startTime,
      end: r.responseEnd,
      size: r.encodedBodySize,
      server: r.serverTiming.map((s) => s.name + '=' + Math.round(s.duration)).join(' '),
    })),
  };
})()`;

async function waterfall(page: Page, url: string, ready: string): Promise<void> {
  const requests: { url: string; start: number; end: number; status: number; bytes: number }[] = [];
  const t0 = Date.now();
  page.on('response', (response) => {
    if (response.status() >= 400) say(`  ${response.status()} ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error') say(`  console error: ${message.text().slice(0, 300)}`);
  });
  page.on('requestfinished', (request) => {
    void (async () => {
      const response = await request.response();
      const timing = request.timing();
      const body = await response?.body().catch(() => null);
      requests.push({
        url: request.url().replace(/^https?:\/\/[^/]+/, ''),
        start: timing.startTime - t0,
        end: timing.startTime - t0 + timing.responseEnd,
        status: response?.status() ?? 0,
        bytes: body?.length ?? 0,
      });
    })().catch(() => undefined); // the tab closed first
  });
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(ready).first().waitFor({ timeout: 120_000 });
  const shown = await page.evaluate(() => performance.now());
  await page.waitForTimeout(300);
  const nav = (await page.evaluate(PAGE_TIMINGS)) as PageTimings;
  say(`\n== ${url.replace(/^https?:\/\/[^/]+/, '')}`);
  say(`${ms(nav.ttfb)} ms  TTFB`);
  say(`${ms(nav.htmlEnd)} ms  HTML done (streamed)`);
  say(`${ms(nav.dcl)} ms  DOMContentLoaded`);
  for (const [name, at] of nav.marks) say(`${ms(at)} ms  mark ${name}`);
  say(`${ms(shown)} ms  DATA ON SCREEN`);
  say(`${ms(nav.load)} ms  load`);
  const js = nav.resources.filter((r) => r.name.endsWith('.js'));
  const jsBytes = js.reduce((sum, r) => sum + r.size, 0);
  say(
    `  JS: ${js.length} chunks, ${Math.round(jsBytes / 1024)} KiB transferred, last ends ${ms(Math.max(...js.map((r) => r.end)))} ms`,
  );
  for (const r of js.sort((a, b) => b.size - a.size).slice(0, 6))
    say(`    ${ms(r.start)} → ${ms(r.end)}  ${Math.round(r.size / 1024)} KiB  ${r.name.slice(0, 90)}`);
  for (const r of nav.resources.filter((r) => r.name.includes('/api/graphql')))
    say(`  graphql ${ms(r.start)} → ${ms(r.end)} (${Math.round(r.end - r.start)} ms) ${r.server}`);
  for (const r of requests.filter((r) => r.url.includes('/api/graphql')))
    say(`  (playwright) graphql ${r.status} ${r.bytes} B`);
}

async function main() {
  let dbUrl = process.env.BENCH_DB;
  let close: (() => Promise<void>) | null = null;
  if (!dbUrl) {
    const db = await createBenchDatabase('0', say);
    dbUrl = db.adminUrl;
    close = () => db.close();
  }
  // PROBE_NO_BUILD=1: probe the build that is there (e.g. while its sources are being edited).
  if (!process.env.PROBE_NO_BUILD) await ensureBuilt();
  const stack = await startStack({
    adminUrl: dbUrl,
    rolePassword: process.env.DB_ROLE_PASSWORD || undefined,
    keys: {
      identity: await generateSigningKeys('identity-probe'),
      gateway: await generateSigningKeys('gateway-probe'),
    },
    seed: 'never',
    logLevel: 'silent',
    nodeEnv: 'production',
  });
  const server = await startNext(adminEnvOf(stack));
  const browser = await chromium.launch({
    executablePath: findChromium()!,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
    ],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const login = await context.newPage();
    await login.goto(`${server.url}/login`);
    await login.locator('input[name="email"]').fill(`owner@${DEMO.slug}.uz`);
    await login.locator('input[name="password"]').fill('jowi-demo');
    await login.locator('button[type="submit"]').click();
    await login.waitForURL(`${server.url}/dashboard`, { timeout: 120_000 });
    await login.close();
    await context.addInitScript('window.localStorage.clear()');
    // Is the page's data in the server's HTML (before any script runs)?
    for (const [path, marker] of [
      [`/dashboard?from=${dayOffset(-1)}&to=${dayOffset(-1)}`, 'data-testid="metric-net"'],
      ['/products', 'data-row-id='],
    ] as const) {
      const html = await (await context.request.get(`${server.url}${path}`)).text();
      say(
        `HTML of ${path}: ${Math.round(html.length / 1024)} KiB, data ${html.includes(marker) ? 'in it' : 'NOT in it'}`,
      );
    }
    const pages = [
      [`/dashboard?from=${dayOffset(-1)}&to=${dayOffset(-1)}`, '[data-testid="metric-net"]'],
      [`/dashboard?from=${dayOffset(-364)}&to=${dayOffset(0)}`, '[data-testid="metric-net"]'],
      ['/products', 'tbody tr[data-row-id] td'],
    ] as const;
    // PROBE_ONLY=<text>: only the pages whose path contains it.
    const only = process.env.PROBE_ONLY;
    for (const round of ['first (compile)', 'second', 'third']) {
      say(`\n######## ${round}`);
      for (const [path, ready] of pages) {
        if (only && !path.includes(only)) continue;
        const page = await context.newPage();
        await waterfall(page, `${server.url}${path}`, ready);
        await page.close();
      }
    }
    // The same queries straight at the gateway: gateway + subgraphs, no browser, no BFF.
    const token = (await context.cookies()).find((c) => c.name === 'jowi_at')?.value;
    const { DashboardDocument, ProductsDocument } = await import('../web-admin/src/__generated__/graphql.ts');
    const { print } = await import('graphql');
    const post = async (name: string, query: string, variables: unknown) => {
      for (let i = 0; i < 3; i++) {
        const started = performance.now();
        const response = await fetch(stack.gatewayUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query, variables }),
        });
        const text = await response.text();
        say(
          `gateway ${name}: ${Math.round(performance.now() - started)} ms (${response.status}, ${text.length} B)`,
        );
      }
    };
    const span = (from: string, to: string) => ({
      current: { from, to, storeIds: null, topProducts: 10 },
      previous: { from, to, storeIds: null, topProducts: 0 },
      storeIds: null,
      withFiscal: true,
    });
    await post('dashboard day', print(DashboardDocument), span(dayOffset(-1), dayOffset(-1)));
    await post('dashboard 365d', print(DashboardDocument), span(dayOffset(-364), dayOffset(0)));
    await post('products first page', print(ProductsDocument), {
      first: 50,
      after: null,
      filter: { search: null, barcode: null, categoryId: null, active: true },
      orderBy: null,
    });
  } finally {
    await browser.close();
    await server.stop();
    await stack.close();
    await close?.();
  }
}

await main();
