/**
 * Back office (issue 15): time to interactive of `/products` over the bench catalog. The whole
 * stack runs (subgraphs, our gateway, the admin's production build under `next start`), the
 * owner signs in once in Debian's Chromium, the page is opened once to warm Next (the "first
 * compile" the target excludes), then opened again several times. Interactive means the page
 * has hydrated and fetched through the BFF: the first product row is on screen and the search
 * box takes input.
 *
 * A function of its own so the admin section can run it beside the dashboard's measurement.
 */
import { DEMO_PASSWORD } from '@jowi/demo-data';
import type { StackKeys } from '@jowi/system';
import { findChromium } from '@jowi/system/infra';
import { chromium } from 'playwright-core';
import { ensureBuilt, startNext } from '../../web-admin/e2e/next-server.ts';
import { type CatalogData, DEMO } from '../lib/data.ts';
import { startServer } from '../lib/procs.ts';
import { median, round } from '../lib/stats.ts';

const LOADS = 5;
const WAIT = { timeout: 60_000 };

export interface AdminProductsReport {
  products: number;
  /** Median of {@link LOADS} loads after the warm-up one, navigation start to interactive. */
  products_tti_ms: number;
  samples_ms: number[];
  /** The warm-up load (Next's first render of the route, caches cold). */
  first_load_ms: number;
  target_ms: number;
}

export async function adminProductsTti(
  db: { adminUrl: string; rolePassword?: string; keys: StackKeys },
  data: CatalogData,
  say: (m: string) => void,
): Promise<AdminProductsReport> {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('Chromium is missing (apt-get install -y chromium)');
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys: db.keys, poolSize: 10 },
    { cpus: null },
  );
  try {
    const gateway = await startServer<{ url: string }>(
      'servers/gateway-ours.ts',
      { keys: db.keys, urls: subgraphs.info.urls },
      { cpus: null },
    );
    try {
      say('admin: building the web admin (reused when current)');
      await ensureBuilt();
      const next = await startNext({
        GATEWAY_URL: gateway.info.url,
        IDENTITY_JWKS_URL: new URL('/.well-known/jwks.json', subgraphs.info.urls.identity).href,
      });
      const browser = await chromium.launch({
        executablePath,
        args: [
          '--headless',
          '--no-sandbox',
          '--disable-gpu',
          '--disable-background-networking',
          '--no-first-run',
        ],
      });
      try {
        const page = await (await browser.newContext({ viewport: { width: 1366, height: 900 } })).newPage();
        const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
        await page.goto(`${next.url}/login`);
        await page.locator('input[type="email"]').fill(owner.email!);
        await page.locator('input[type="password"]').fill(DEMO_PASSWORD);
        await page.locator('button[type="submit"]').click();
        await page.waitForURL((url) => url.pathname !== '/login', WAIT);
        const load = async () => {
          const started = performance.now();
          await page.goto(`${next.url}/products`, { waitUntil: 'commit' });
          await page.locator('[data-testid="product-row"]').first().waitFor(WAIT);
          await page.locator('#product-search').fill('a');
          return performance.now() - started;
        };
        const first = await load();
        const samples: number[] = [];
        for (let i = 0; i < LOADS; i++) samples.push(await load());
        say(`admin: /products interactive in ${round(median(samples), 0)} ms (median of ${LOADS})`);
        return {
          products: data.count,
          products_tti_ms: round(median(samples), 0),
          samples_ms: samples.map((s) => round(s, 0)),
          first_load_ms: round(first, 0),
          target_ms: 1500,
        };
      } finally {
        await browser.close();
        await next.stop();
      }
    } finally {
      await gateway.stop();
    }
  } finally {
    await subgraphs.stop();
  }
}
