/**
 * The cashier's screens in Debian's Chromium (playwright-core) against the real stack: every
 * subgraph and the gateway on a fresh seeded database, the real POS host process (`main.ts`, its
 * SQLite outbox and sync loop) behind the loopback bridge, and the fiscal module simulator.
 * Nothing is stubbed: the page gets `window.pos` from the host exactly as `npm start` gives it
 * (`#pos-host=…&pos-secret=…`).
 *
 * With JOWI_E2E_SCREENSHOTS=<folder> (or JOWI_UPDATE_DOC_IMAGES=1 for docs/images) the spec saves
 * the screens in both themes.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningSimulator, startSimulator } from '@jowi/fiscal-gateway/simulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SaleOutcome } from '../src/shared/pos-types.ts';
import {
  callHost,
  demoTill,
  GatewayProxy,
  ownerHeaders,
  pairingCode,
  startHostMain,
  startSystem,
} from './host-harness.ts';
import { type StaticServer, serveStatic } from './static-server.ts';
import { allowDemoCashierRefunds, buildTill, freePort, launchTillBrowser, snap } from './till.fixtures.ts';

const chromiumPath = process.env.JOWI_TEST_CHROMIUM;
const ci = process.env.CI === 'true' || process.env.CI === '1';
if (!chromiumPath && !ci) {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! JOWI_TEST_CHROMIUM is not set: the POS till browser test is SKIPPED.\n` +
      `!! Run it through \`npm test\` (finds Chromium) or install it: apt-get install -y chromium\n${bar}\n`,
  );
}

const _CONFIG_FILE = fileURLToPath(new URL('../vite.renderer.config.ts', import.meta.url));
const SECRET = 'e2e-till-secret-0123456789abcdef';
const CASHIER_PIN = '1111';
const OSH = 'Osh (plov), 1 porsiya';
const SOM = (digits: string) => `${digits}\u00a0so‘m`;

type System = Awaited<ReturnType<typeof startSystem>>;

describe.skipIf(!chromiumPath && !ci)('the till in Chromium against the real POS host', () => {
  let system: System | undefined;
  let proxy: GatewayProxy | undefined;
  let sim: RunningSimulator | undefined;
  let host: { child: ChildProcess; url: string } | undefined;
  let hostEnv: Record<string, string> = {};
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let owner: Record<string, string> = {};
  let terminalId = '';
  const dirs: string[] = [];

  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };

  beforeAll(async () => {
    if (!chromiumPath) throw new Error('CI=true but JOWI_TEST_CHROMIUM is not set: install chromium.');
    const outDir = await tempDir('jowi-pos-till-web-');
    // The static server first: the gateway allows only configured browser origins (CORS).
    server = await serveStatic(outDir);
    system = await startSystem({ gatewayEnv: { CORS_ORIGINS: [new URL(server.url).origin] } });
    proxy = await new GatewayProxy(system.gatewayUrl).start();
    owner = await ownerHeaders(system.gatewayUrl);
    ({ terminalId } = await demoTill(system.gatewayUrl, owner));
    await allowDemoCashierRefunds(system.gatewayUrl, owner);
    const simDir = await tempDir('jowi-pos-till-fm-');
    sim = await startSimulator({ port: 0, stateFile: join(simDir, 'fm.json') });
    const hostDir = await tempDir('jowi-pos-till-host-');
    // A fixed port, so the page keeps talking to the host after it is killed and started again.
    hostEnv = {
      JOWI_POS_HOST_PORT: String(await freePort()),
      JOWI_POS_DATA_DIR: hostDir,
      JOWI_GATEWAY_URL: proxy.url,
      JOWI_POS_HOST_SECRET: SECRET,
      JOWI_FISCAL_MODE: 'local',
      JOWI_FISCAL_DEVICE_URL: sim.rpcUrl,
      JOWI_FISCAL_PORT: '0',
      JOWI_FISCAL_JOURNAL_FILE: join(hostDir, 'fiscal-journal.jsonl'),
    };
    host = await startHostMain(hostEnv);
    await buildTill(outDir, proxy.url, host.url);
    browser = await launchTillBrowser(chromiumPath);
  });

  afterAll(async () => {
    await browser?.close();
    if (host?.child.exitCode === null) {
      host.child.kill('SIGTERM');
      await new Promise((resolve) => host!.child.once('exit', resolve));
    }
    await sim?.close();
    await proxy?.close();
    await server?.close();
    await system?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  /** The till at 1366×768 with `window.pos` from the loopback host; page errors are collected. */
  async function openTill(): Promise<{ page: Page; errors: string[] }> {
    const context = await browser!.newContext({ viewport: { width: 1366, height: 768 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server!.url}#pos-host=${encodeURIComponent(host!.url)}&pos-secret=${SECRET}`);
    return { page, errors };
  }

  const storedCount = async (ids: string[]) =>
    Number(
      (
        await system!.db.admin<{ n: string }>(
          'SELECT count(*) AS n FROM sales.sale WHERE id = ANY($1::uuid[])',
          [ids],
        )
      )[0]!.n,
    );
  const fiscalSigns = async (ids: string[]) =>
    (
      await system!.db.admin<{ fiscal_sign: string }>(
        'SELECT fiscal_sign FROM fiscal.receipt WHERE sale_id = ANY($1::uuid[]) ORDER BY fiscal_sign',
        [ids],
      )
    ).map((r) => r.fiscal_sign);
  /** A call through the host's loopback contract, as a support tool makes it. */
  const hostCall = <T>(name: string, ...args: unknown[]) => callHost<T>(host!.url, SECRET, name, ...args);
  const productId = async (name: string) =>
    (await system!.db.admin<{ id: string }>('SELECT id FROM catalog.product WHERE name = $1', [name]))[0]!.id;
  const storedSales = (id: string) =>
    system!.db.admin<{ total: string; receipt_number: number }>(
      'SELECT total::text, receipt_number FROM sales.sale WHERE id = $1',
      [id],
    );
  /** Adds the one product the search finds with Enter. */
  async function add(page: Page, query: string): Promise<void> {
    await page.getByTestId('search').waitFor();
    await page.keyboard.type(query);
    await page.keyboard.press('Enter');
  }

  /** Completes the open payment; returns the slip's sale id and fiscal sign, then starts a new sale. */
  async function complete(page: Page): Promise<{ id: string; sign: string }> {
    await page.getByTestId('complete-sale').click();
    const receipt = page.getByTestId('receipt');
    await page.getByTestId('fiscal-sign').waitFor();
    const sale = {
      id: (await receipt.getAttribute('data-sale-id')) ?? '',
      sign: (await page.getByTestId('fiscal-sign').textContent()) ?? '',
    };
    await page.getByTestId('new-sale').click();
    return sale;
  }

  /** Opens the payment and picks a method (cash: `tendered` handed over). */
  async function pay(
    page: Page,
    method: 'cash' | 'card' | 'PAYME' | 'UZUM',
    tendered?: string,
  ): Promise<void> {
    await page.keyboard.press('F12');
    if (method === 'cash') {
      await page.getByTestId('pay-cash').click();
      if (tendered) await page.getByTestId('tendered').fill(tendered);
    } else if (method === 'card') await page.getByTestId('pay-card').click();
    else await page.getByRole('button', { name: method === 'PAYME' ? /^Payme/ : /^Uzum/ }).click();
  }

  /** SIGKILL: no shutdown code runs; the outbox has only what SQLite already made durable. */
  async function killHost(): Promise<void> {
    const child = host!.child;
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null)
      await new Promise((resolve) => child.once('exit', resolve));
  }

  /** The sell screen, signing in with the PIN if the host asks for it. */
  async function selling(page: Page): Promise<void> {
    const pin = page.getByTestId('pin');
    const search = page.getByTestId('search');
    await pin.or(search).first().waitFor();
    if (await pin.isVisible()) await signIn(page);
    await search.waitFor();
    // The catalog is on screen (a fresh page fetches it): Enter has something to add.
    await page.getByTestId('product-tile').first().waitFor();
  }

  const signIn = async (page: Page) => {
    await page.getByTestId('pin').fill(CASHIER_PIN);
    await page.keyboard.press('Enter');
  };

  const pending = (page: Page) => page.getByTestId('sync-status').getAttribute('data-pending');

  it("a cashier's shift: pair, PIN, float, cash sale with slip and fiscal sign synced once, cash in, split, refund, Z report", async () => {
    const { page, errors } = await openTill();
    // Pairing with the back office's 8-digit code; the secret left the address bar.
    await page.getByTestId('pairing-code').fill(await pairingCode(system!.gatewayUrl, owner, terminalId));
    expect(page.url()).not.toContain(SECRET);
    await page.keyboard.press('Enter');

    // A wrong PIN is refused in Uzbek; the right one signs the cashier in online.
    await page.getByTestId('pin').fill('9999');
    await page.keyboard.press('Enter');
    await page.getByTestId('pin-error').filter({ hasText: 'PIN-kod notoʻgʻri.' }).waitFor();
    await page.getByTestId('pin').fill(CASHIER_PIN);
    await page.keyboard.press('Enter');

    // Open the shift with a float of 200 000 so‘m.
    await page.getByTestId('float').fill('200000');
    await page.getByTestId('open-shift').click();

    // Keyboard only: type, Enter adds, F12 pays, the tendered cash, Enter completes.
    const search = page.getByTestId('search');
    await search.waitFor();
    await page.getByTestId('product-tile').filter({ hasText: OSH }).waitFor();
    await page.keyboard.type('osh (plov');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    expect(await page.getByTestId('cart-total').textContent()).toBe(SOM('45\u00a0000'));
    await snap(page, 'sell');
    await page.keyboard.press('F12');
    await page.getByTestId('pay-cash').waitFor();
    await page.getByTestId('tendered').fill('50000');
    expect(await page.getByTestId('pay-change').textContent()).toBe(SOM('5\u00a0000'));
    await snap(page, 'payment');
    await page.keyboard.press('Enter');

    // The slip: the change, the fiscal sign from the fiscal module, the host's HTML slip.
    const receipt = page.getByTestId('receipt');
    await receipt.waitFor();
    expect(await page.getByTestId('slip-change').textContent()).toBe(SOM('5\u00a0000'));
    const fiscalSign = (await page.getByTestId('fiscal-sign').textContent()) ?? '';
    expect(fiscalSign).toMatch(/^\d{12}$/);
    const saleId = (await receipt.getAttribute('data-sale-id')) ?? '';
    expect(await receipt.getAttribute('data-copy')).toBe('false');
    const slip = page.frameLocator(`iframe[title="Chek"]`);
    await slip.getByText(fiscalSign).first().waitFor();
    await snap(page, 'slip');

    // The sync loop uploads it: the server holds the sale once (money in tiyin), the badge shows 0 to send.
    await expect
      .poll(() => storedSales(saleId), { timeout: 30_000, interval: 200 })
      .toEqual([{ total: '4500000', receipt_number: 1 }]);
    await expect.poll(() => pending(page)).toBe('0');
    await expect
      .poll(
        async () =>
          (
            await system!.db.admin<{ fiscal_sign: string }>(
              'SELECT fiscal_sign FROM fiscal.receipt WHERE sale_id = $1',
              [saleId],
            )
          ).map((r) => r.fiscal_sign),
        { timeout: 30_000, interval: 200 },
      )
      .toEqual([fiscalSign]);

    // A reprint is marked as a copy.
    await page.getByTestId('reprint').click();
    await expect.poll(() => receipt.getAttribute('data-copy')).toBe('true');
    await slip.getByText('NUSXA').first().waitFor();

    // The next sale: empty cart, the search box has focus again.
    await page.getByTestId('new-sale').click();
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(0);
    expect(await search.evaluate((el) => el === document.activeElement)).toBe(true);

    // F8: 50 000 so‘m cash in, with its reason.
    await page.keyboard.press('F8');
    await page.getByTestId('cash-move-amount').fill('50000');
    await page.getByTestId('cash-move-reason').fill('Mayda pul bankdan');
    await page.keyboard.press('Enter');
    await page.getByTestId('cash-move-amount').waitFor({ state: 'detached' });

    // A split: 20 000 in cash, the rest (18 000) by Humo card.
    await page.keyboard.type('lag');
    await page.keyboard.press('Enter');
    await page.keyboard.type('osh (plov');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe(SOM('83 000'));
    await page.keyboard.press('F12');
    await page.getByTestId('pay-amount').fill('20000');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('pay-card').click();
    await page.getByRole('button', { name: 'HUMO' }).click();
    expect(await page.getByTestId('pay-amount').inputValue()).toBe('63000');
    await page.getByTestId('complete-sale').click();
    await page.getByTestId('receipt').waitFor();
    const splitId = (await page.getByTestId('receipt').getAttribute('data-sale-id')) ?? '';
    await expect
      .poll(() => storedSales(splitId), { timeout: 30_000, interval: 200 })
      .toEqual([{ total: '8300000', receipt_number: 2 }]);
    await page.keyboard.press('Enter');
    await search.waitFor();

    // F7: the osh of receipt 2 comes back; the money goes back to the Humo card it was paid with.
    await page.keyboard.press('F7');
    await page.getByTestId('refund-search').fill('2');
    await page.keyboard.press('Enter');
    await page.getByTestId('refund-quantity').first().fill('0');
    await page.getByTestId('confirm-refund').click();
    await page.getByTestId('refund-done').getByTestId('fiscal-sign').waitFor();
    const refundId = (await page.getByTestId('receipt').getAttribute('data-sale-id')) ?? '';
    await page.getByRole('button', { name: 'Tayyor' }).click();
    await expect
      .poll(
        () =>
          system!.db.admin<{ sale_id: string; total: string }>(
            'SELECT sale_id, total::text FROM sales.refund WHERE id = $1',
            [refundId],
          ),
        { timeout: 30_000, interval: 200 },
      )
      .toEqual([{ sale_id: splitId, total: '4500000' }]);

    // F9: the X report expects 200 000 + 45 000 + 20 000 + 50 000 in the drawer; 1 000 is missing.
    await page.keyboard.press('F9');
    await expect.poll(() => page.getByTestId('expected-cash').textContent()).toBe(SOM('315 000'));
    await page.getByTestId('counted-cash').fill('314000');
    await page.keyboard.press('Enter');
    const z = page.getByTestId('z-report');
    await z.waitFor();
    expect(await page.getByTestId('cash-difference').textContent()).toBe(`Kamomad: ${SOM('1 000')}`);
    await snap(page, 'z-report');
    await page.getByRole('button', { name: 'Tayyor' }).click();
    // The next shift starts with its float; the server got the closed shift with the count.
    await page.getByTestId('float').waitFor();
    await expect
      .poll(
        () =>
          system!.db.admin<{ counted: string }>(
            'SELECT counted_cash::text AS counted FROM sales.shift WHERE terminal_id = $1 AND closed_at IS NOT NULL',
            [terminalId],
          ),
        { timeout: 30_000, interval: 200 },
      )
      .toEqual([{ counted: '31400000' }]);

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('without the gateway: PIN offline, sales kept through a SIGKILL of the host, each synced exactly once when it is back', async () => {
    const { page, errors } = await openTill();
    // The host still has the cashier signed in: the till asks for the next shift's float.
    await page.getByTestId('float').fill('100000');
    await page.keyboard.press('Enter');
    await page.getByTestId('product-tile').filter({ hasText: OSH }).waitFor();
    // The catalog is stored by the host (its version shown) before the connection goes.
    await expect
      .poll(async () => (await page.getByTestId('catalog-status').getAttribute('data-version')) ?? '')
      .toMatch(/.+/);
    await expect.poll(() => pending(page), { timeout: 30_000 }).toBe('0');

    // The gateway goes down; the locked till takes the PIN against the verifier it cached online.
    await page.keyboard.press('F6');
    proxy!.set('refuse');
    await signIn(page);
    await page.getByText('oflayn kirish').waitFor();

    const sales: Array<{ id: string; sign: string }> = [];
    await add(page, 'osh (plov');
    await pay(page, 'cash', '100000');
    expect(await page.getByTestId('pay-change').textContent()).toBe(SOM('55\u00a0000'));
    sales.push(await complete(page));
    await add(page, 'ko‘k choy');
    await pay(page, 'card');
    sales.push(await complete(page));
    await add(page, 'lag');
    await pay(page, 'cash');
    await page.getByTestId('pay-amount').fill('10000');
    await page.keyboard.press('Control+Enter');
    await page.getByRole('button', { name: /^Payme/ }).click();
    sales.push(await complete(page));
    await add(page, 'manti');
    await pay(page, 'UZUM');
    sales.push(await complete(page));
    await expect.poll(() => pending(page)).toBe('4');
    expect(await page.getByTestId('sync-status').getAttribute('data-online')).toBe('false');

    // SIGKILL mid-day, then the host starts again on the same data; the page reloads as a restarted app would.
    await killHost();
    host = await startHostMain(hostEnv);
    await page.reload();
    await signIn(page);
    await page.getByTestId('product-tile').filter({ hasText: OSH }).waitFor();
    await expect.poll(() => pending(page)).toBe('4');
    expect(await storedCount(sales.map((s) => s.id))).toBe(0);

    // The gateway is back: one tap on the badge uploads; every sale lands once with the sign the slip showed.
    proxy!.set('pass');
    await page.getByTestId('sync-status').click();
    await expect.poll(() => pending(page), { timeout: 60_000 }).toBe('0');
    expect(await storedCount(sales.map((s) => s.id))).toBe(4);
    await expect
      .poll(() => fiscalSigns(sales.map((s) => s.id)), { timeout: 30_000, interval: 200 })
      .toEqual(sales.map((s) => s.sign).sort());

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('paper out during a sale, then paper loaded: the sale is kept, signed once, one receipt', async () => {
    const { page, errors } = await openTill();
    await selling(page);
    await page.getByTestId('product-tile').first().waitFor();
    const before = sim!.fm.snapshot().lastReceiptSeq;

    sim!.setFaults({ paperOut: true });
    await add(page, 'osh (plov');
    await pay(page, 'card');
    await page.getByTestId('complete-sale').click();
    const fault = page.getByTestId('fiscal-fault');
    await fault
      .getByText('Chek printerida qogʻoz tugadi. Yangi rulon qoʻying va qayta urinib koʻring.')
      .waitFor();
    // Retrying with the paper still out changes nothing.
    const retry = page.getByTestId('fiscal-retry');
    await retry.click();
    await expect.poll(() => retry.getAttribute('aria-busy')).toBeNull();
    expect(await fault.getByRole('alert').first().getAttribute('data-code')).toBe('PAPER_OUT');
    expect(await page.getByTestId('receipt').count()).toBe(0);

    sim!.setFaults({ paperOut: false });
    await retry.click();
    const sign = (await page.getByTestId('fiscal-sign').textContent()) ?? '';
    const id = (await page.getByTestId('receipt').getAttribute('data-sale-id')) ?? '';
    expect(sim!.fm.snapshot().lastReceiptSeq).toBe(before + 1);
    await expect.poll(() => storedCount([id]), { timeout: 30_000, interval: 200 }).toBe(1);
    await expect.poll(() => fiscalSigns([id]), { timeout: 30_000, interval: 200 }).toEqual([sign]);
    await page.getByTestId('new-sale').click();

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('a sale the server rejects waits in needs attention while the sales behind it sync', async () => {
    const { page, errors } = await openTill();
    await selling(page);
    await page.getByTestId('product-tile').first().waitFor();
    // A support tool records a sale through the host's HTTP contract whose line net the server's
    // arithmetic refuses (below its gross without a discount).
    const bad = await hostCall<SaleOutcome>('sale.complete', {
      lines: [
        {
          productId: await productId('Ayron'),
          quantity: '1.000',
          unitPrice: '7000.00',
          total: '6900.00',
          vatRate: 12,
          name: 'Ayron',
          ikpu: '10202001001000000',
          packageCode: '1510',
          ownerType: 'RESALE',
        },
      ],
      payments: [{ method: 'CARD', amount: '6900.00', cardBrand: 'UZCARD' }],
      total: '6900.00',
      catalogVersion: null,
    });
    await add(page, 'osh (plov');
    await pay(page, 'card');
    const good = await complete(page);

    await page.getByTestId('sync-status').click();
    const attention = page.getByTestId('needs-attention');
    await expect.poll(() => attention.getAttribute('data-count'), { timeout: 30_000 }).toBe('1');
    await expect.poll(() => storedCount([good.id]), { timeout: 30_000 }).toBe(1);
    expect(await storedCount([bad.sale.id])).toBe(0);
    await attention.click();
    const entry = page.getByTestId('parked-entry');
    expect(await entry.getAttribute('data-code')).toBe('TOTAL_MISMATCH');
    // The supervisor gives up on it (confirmed): the list is clear.
    await entry.getByRole('button', { name: 'Voz kechish' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Voz kechish' }).click();
    await page.getByText('Hammasi joyida: e’tibor talab qiladigan yozuv yo‘q.').waitFor();

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('weighs a measured product in kg with three decimals; a cashier without the permission cannot discount', async () => {
    const { page, errors } = await openTill();
    await selling(page);
    await add(page, 'halva');
    await page.getByTestId('weight').fill('0,35');
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe(SOM('5\u00a0600'));
    // The demo cashier lacks `sales:discount`: F4 explains instead of offering the field.
    await page.keyboard.press('F4');
    await page.getByTestId('discount-denied').waitFor();
    expect(await page.getByTestId('line-discount').count()).toBe(0);
    await page.keyboard.press('Escape');
    await pay(page, 'card');
    const sale = await complete(page);
    await expect
      .poll(
        () =>
          system!.db.admin<{ quantity: string }>(
            'SELECT quantity::text FROM sales.sale_line WHERE sale_id = $1',
            [sale.id],
          ),
        { timeout: 30_000, interval: 200 },
      )
      .toEqual([{ quantity: '0.350' }]);

    expect(errors).toEqual([]);
    await page.context().close();
  });

  it('throttles PIN guessing: the fifth wrong PIN locks the pad, even for the right PIN', async () => {
    const { page, errors } = await openTill();
    await selling(page);
    await page.keyboard.press('F6');
    const error = page.getByTestId('pin-error');
    const pin = page.getByTestId('pin');
    // The pad empties once the host has answered, so each attempt is counted before the next.
    const attempt = async (value: string) => {
      await pin.fill(value);
      await page.keyboard.press('Enter');
      await expect.poll(() => pin.inputValue()).toBe('');
      return error.getAttribute('data-code');
    };
    for (let wrong = 1; wrong <= 4; wrong++) expect(await attempt('0000')).toBe('INVALID_PIN');
    expect(await attempt('0000')).toBe('PIN_LOCKED');
    expect(await attempt(CASHIER_PIN)).toBe('PIN_LOCKED');
    expect(await error.textContent()).toMatch(/Juda koʻp notoʻgʻri urinish.*kuting, soniya: \d+/);

    expect(errors).toEqual([]);
    await page.context().close();
  });
});
