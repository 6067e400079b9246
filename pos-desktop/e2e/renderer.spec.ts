/**
 * Browser test of the POS renderer against the real backend.
 *
 * Builds the renderer with vite.renderer.config.ts, serves the files with a tiny static server,
 * and drives Debian's Chromium with playwright-core. Electron cannot run on these machines, so
 * the preload bridge is replaced by a test `window.pos` of the same contract, injected before
 * any page script runs. The backend is the full test stack: a fresh migrated and seeded
 * database, every subgraph and the gateway.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PosConfig } from '../src/shared/pos-api.ts';
import { type StaticServer, serveStatic } from './static-server.ts';

const chromiumPath = process.env.JOWI_TEST_CHROMIUM;
const ci = process.env.CI === 'true' || process.env.CI === '1';
if (!chromiumPath && !ci) {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! JOWI_TEST_CHROMIUM is not set: the POS renderer browser test is SKIPPED.\n` +
      `!! Run it through \`npm test\` (finds Chromium) or install it: apt-get install -y chromium\n${bar}\n`,
  );
}

/**
 * The part of @jowi/system/testing this test uses. The module is imported at run time through
 * a variable so that type-checking the POS does not type-check the whole backend under the
 * renderer's DOM settings (the root tsconfig checks the backend).
 */
interface TestStack {
  gatewayUrl: string;
  close(): Promise<void>;
}
const STACK_MODULE = '@jowi/system/testing';
interface TestStackOptions {
  gatewayEnv?: { CORS_ORIGINS?: string[] };
}
async function createStackForTests(options: TestStackOptions): Promise<TestStack> {
  const module = (await import(STACK_MODULE)) as {
    createStackForTests(options: TestStackOptions): Promise<TestStack>;
  };
  return module.createStackForTests(options);
}

const CONFIG_FILE = fileURLToPath(new URL('../vite.renderer.config.ts', import.meta.url));
const OSH = 'Osh (plov), 1 porsiya';
const SOM = (digits: string) => `${digits}\u00a0so‘m`;

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/** With JOWI_E2E_SCREENSHOTS=<folder>, saves screenshots for a human to look at. */
async function snap(page: Page, name: string): Promise<void> {
  const folder = process.env.JOWI_E2E_SCREENSHOTS;
  if (folder) await page.screenshot({ path: join(folder, `pos-${name}.png`) });
}

describe.skipIf(!chromiumPath && !ci)('POS renderer in Chromium', () => {
  let stack: TestStack | undefined;
  let outDir = '';
  let server: StaticServer | undefined;
  let browser: Browser | undefined;

  beforeAll(async () => {
    if (!chromiumPath) throw new Error('CI=true but JOWI_TEST_CHROMIUM is not set: install chromium.');
    outDir = await mkdtemp(join(tmpdir(), 'jowi-pos-renderer-'));
    // The static server first: the gateway allows only configured browser origins (CORS).
    server = await serveStatic(outDir);
    stack = await createStackForTests({ gatewayEnv: { CORS_ORIGINS: [new URL(server.url).origin] } });
    // The production bundle, as shipped: the test runner's NODE_ENV=test would select React's dev build.
    const previous = { gateway: process.env.VITE_GATEWAY_URL, nodeEnv: process.env.NODE_ENV };
    process.env.VITE_GATEWAY_URL = stack.gatewayUrl;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: CONFIG_FILE, mode: 'production', logLevel: 'warn', build: { outDir } });
    } finally {
      restoreEnv('VITE_GATEWAY_URL', previous.gateway);
      restoreEnv('NODE_ENV', previous.nodeEnv);
    }
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await stack?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  /** A page with the test `window.pos` bridge; records page errors so the test can fail on them. */
  async function openTill(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser!.newContext({ viewport: { width: 1280, height: 800 } });
    const config: PosConfig = { gatewayUrl: stack!.gatewayUrl, terminalId: null };
    await context.addInitScript((injected: PosConfig) => {
      const calls: string[] = [];
      Object.assign(window, { __posCalls: calls });
      Object.defineProperty(window, 'pos', {
        value: Object.freeze({
          platform: 'test',
          getConfig: async () => {
            calls.push('getConfig');
            return injected;
          },
        }),
      });
    }, config);
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server!.url);
    return { page, errors };
  }

  async function signIn(page: Page, email: string, password: string): Promise<void> {
    await page.locator('#login-email').fill(email);
    await page.locator('#login-password').fill(password);
    await page.locator('button[type="submit"]').click();
  }

  const options = (page: Page) => page.getByRole('option');
  const optionNames = (page: Page) => page.locator('[role="option"] p.font-medium').allTextContents();
  const total = (page: Page) => page.getByTestId('cart-total').textContent();

  it('signs in, lists the seeded catalog, filters by keyboard and totals the cart in tiyin', async () => {
    const { page, errors } = await openTill();
    expect(await page.evaluate(() => (window as unknown as { __posCalls: string[] }).__posCalls)).toEqual([
      'getConfig',
    ]);

    // Uzbek by default; a wrong password is a typed INVALID_CREDENTIALS shown in Uzbek.
    expect(await page.locator('html').getAttribute('lang')).toBe('uz');
    await signIn(page, 'owner@demo.uz', 'wrong-password');
    await page.getByRole('alert').filter({ hasText: 'Email yoki parol noto‘g‘ri.' }).waitFor();
    await snap(page, 'login-error');

    await signIn(page, 'owner@demo.uz', 'jowi-demo');
    await page.getByRole('option', { name: OSH }).waitFor();
    const all = await options(page).count();
    expect(all).toBeGreaterThan(20);

    // The search box has focus from the start: typing filters without a click.
    const search = page.getByRole('combobox');
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.type('choy');
    await expect.poll(() => optionNames(page)).toEqual(['Ko‘k choy, choynak', 'Qora choy, choynak']);

    // ↓ moves to the second match, Enter adds it; the search clears for the next item.
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('option', { selected: true }).textContent()).toContain('Qora choy');
    await page.keyboard.press('Enter');
    await expect.poll(() => total(page)).toBe(SOM('6\u00a0000'));
    expect(await search.inputValue()).toBe('');
    expect(await options(page).count()).toBe(all);

    // Apostrophe styles are folded: "osh (plov" finds the dish; two more portions.
    await page.keyboard.type('osh (plov');
    await expect.poll(() => optionNames(page)).toEqual([OSH]);
    await page.keyboard.press('Enter');
    await page.keyboard.type('osh (plov');
    await page.keyboard.press('Enter');
    await expect.poll(() => total(page)).toBe(SOM('96\u00a0000'));
    expect(await page.getByTestId('cart-lines').getByRole('listitem').count()).toBe(2);
    await snap(page, 'sell');

    // Nothing matching shows the empty state instead of a list.
    await page.keyboard.type('no such dish');
    await page.getByText('Hech narsa topilmadi.').waitFor();
    await page.keyboard.press('Escape');
    expect(await options(page).count()).toBe(all);

    // Russian on demand, with the same integer total.
    await page.getByRole('button', { name: 'RU' }).click();
    await page.getByText('Итого').waitFor();
    await expect.poll(() => total(page)).toBe('96\u00a0000\u00a0сум');

    // Dark theme toggles the class the @jowi/ui tokens follow.
    await page.getByRole('button', { name: 'Тёмная тема' }).click();
    expect(await page.locator('html').getAttribute('class')).toContain('dark');
    await snap(page, 'sell-dark-ru');

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('shows the persisted catalog at once after a restart, even with the gateway unreachable', async () => {
    const { page, errors } = await openTill();
    await signIn(page, 'cashier@demo.uz', 'jowi-demo');
    await page.getByRole('option', { name: OSH }).waitFor();
    // The persisted cache is written shortly after the query lands.
    await page.waitForFunction(() =>
      Object.keys(localStorage).some(
        (k) => k.startsWith('jowi.apollo-cache.') && localStorage.getItem(k)?.includes('Osh (plov)'),
      ),
    );

    // "Restart" offline: the session and the catalog come from the device alone.
    await page.route(`${stack!.gatewayUrl}**`, (route) => route.abort('internetdisconnected'));
    await page.reload();
    await page.getByRole('option', { name: OSH }).waitFor({ timeout: 5000 });
    await page.getByRole('status').filter({ hasText: 'Oflayn' }).waitFor();
    await snap(page, 'offline');

    await page.unroute(`${stack!.gatewayUrl}**`);

    // An expired access token is refreshed once and the request retried, without a sign-in.
    const session = () => page.evaluate(() => JSON.parse(localStorage.getItem('jowi.session') ?? 'null'));
    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem('jowi.session')!);
      localStorage.setItem('jowi.session', JSON.stringify({ ...stored, accessToken: 'expired' }));
    });
    const before = await session();
    await page.reload();
    await page.getByRole('option', { name: OSH }).waitFor();
    await expect.poll(async () => (await session())?.accessToken).not.toBe('expired');
    expect((await session()).refreshToken).not.toBe(before.refreshToken);
    expect(await page.getByRole('status').filter({ hasText: 'Oflayn' }).count()).toBe(0);

    // A refused refresh (revoked or forged token) signs the till out.
    await page.evaluate(() => {
      const stored = JSON.parse(localStorage.getItem('jowi.session')!);
      localStorage.setItem(
        'jowi.session',
        JSON.stringify({ ...stored, accessToken: 'expired', refreshToken: 'forged' }),
      );
    });
    await page.reload();
    await page.locator('#login-email').waitFor();

    // Logging out returns to the sign-in form.
    await signIn(page, 'cashier@demo.uz', 'jowi-demo');
    await page.getByRole('option', { name: OSH }).waitFor();
    await page.getByRole('button', { name: 'Chiqish' }).click();
    await page.locator('#login-email').waitFor();
    expect(errors).toEqual([]);
    await page.context().close();
  });
});
