/**
 * The admin section: time to interactive of back-office pages in Chromium, over the bench
 * database (the demo tenant with `--sales` generated sales over the last 365 days and
 * `--products` products). The whole backend runs (`startStack`, NODE_ENV=production) with the
 * admin's production build under `next start`; a signed-in browser opens each page cold — a
 * fresh tab with the persisted Apollo cache cleared — and the time is the page's own clock
 * (`performance.now()`, from navigation start) when its data is on screen. Each page is opened
 * once first (the first compile of server code and the database's first reads), then `repeats`
 * times; the median and the worst are reported.
 */
import { findChromium, startStack } from '@jowi/system';
import { chromium, type Page } from 'playwright-core';
import { adminEnvOf, ensureBuilt, startNext } from '../../web-admin/e2e/next-server.ts';
import { DEMO } from '../lib/data.ts';
import type { BenchDatabase } from '../lib/setup.ts';
import { round } from '../lib/stats.ts';

/** One page's figures, milliseconds from navigation start to its data on screen. */
export interface PageTiming {
  median_ms: number;
  max_ms: number;
  runs: number[];
}

export interface AdminReport {
  /** `/dashboard` for yesterday, all stores: one full business day of the generated sales. */
  dashboard_day: PageTiming;
  /** `/dashboard` over the last 30 days (about a twelfth of the generated sales), all stores. */
  dashboard_30d: PageTiming;
  /** `/dashboard` over the last 365 days (every generated sale), all stores. */
  dashboard_365d: PageTiming;
  /** `/products`: the first page of the catalog. */
  products: PageTiming;
  sales: number;
  products_count: number;
  next_build_s: number;
}

const REPEATS = 5;
const PASSWORD = 'jowi-demo';

function dayOffset(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** Opens `path` in a fresh tab and returns the page's clock when `ready` is visible. */
async function timeToInteractive(page: Page, url: string, ready: string): Promise<number> {
  await page.goto(url, { waitUntil: 'commit' });
  await page.locator(ready).first().waitFor({ timeout: 120_000 });
  return page.evaluate(() => performance.now());
}

async function measure(
  newPage: () => Promise<Page>,
  url: string,
  ready: string,
  say: (m: string) => void,
): Promise<PageTiming> {
  const first = await newPage();
  await timeToInteractive(first, url, ready);
  await first.close();
  const runs: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const page = await newPage();
    runs.push(round(await timeToInteractive(page, url, ready), 0));
    await page.close();
  }
  const sorted = [...runs].sort((a, b) => a - b);
  say(`admin: ${url.replace(/^https?:\/\/[^/]+/, '')} ${runs.join(', ')} ms`);
  return { median_ms: sorted[Math.floor(sorted.length / 2)]!, max_ms: sorted.at(-1)!, runs };
}

export async function adminSection(
  bench: BenchDatabase,
  counts: { sales: number; products: number },
  say: (m: string) => void,
): Promise<AdminReport> {
  const executablePath = findChromium();
  if (!executablePath)
    throw new Error('Chromium is missing (apt-get install -y chromium, or set CHROMIUM_PATH)');
  say('admin: building the web admin (reused when up to date)');
  const buildMs = await ensureBuilt();
  const stack = await startStack({
    adminUrl: bench.adminUrl,
    rolePassword: bench.rolePassword,
    keys: bench.keys,
    seed: 'never',
    logLevel: 'silent',
    nodeEnv: 'production',
  });
  const server = await startNext(adminEnvOf(stack)).catch(async (error) => {
    await stack.close();
    throw error;
  });
  const browser = await chromium.launch({
    executablePath,
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
    await login.locator('input[name="password"]').fill(PASSWORD);
    await login.locator('button[type="submit"]').click();
    await login.waitForURL(`${server.url}/dashboard`, { timeout: 120_000 });
    await login.close();
    // Cold data for every run: the persisted Apollo cache is emptied before the page starts.
    await context.addInitScript('window.localStorage.clear()');
    const newPage = () => context.newPage();
    const today = dayOffset(0);
    const dashboard = (from: string, to: string) =>
      measure(newPage, `${server.url}/dashboard?from=${from}&to=${to}`, '[data-testid="metric-net"]', say);
    return {
      // The generated sales fill the days before today: yesterday is a full day.
      dashboard_day: await dashboard(dayOffset(-1), dayOffset(-1)),
      dashboard_30d: await dashboard(dayOffset(-29), today),
      dashboard_365d: await dashboard(dayOffset(-364), today),
      // A real product row (the DataTable's skeleton rows carry no row id).
      products: await measure(newPage, `${server.url}/products`, 'tbody tr[data-row-id] td', say),
      sales: counts.sales,
      products_count: counts.products,
      next_build_s: round(buildMs / 1000, 1),
    };
  } finally {
    await browser.close();
    await server.stop();
    await stack.close();
  }
}
