/**
 * The sell screen's extras in Debian's Chromium against the real stack and the real POS host (as
 * `till.spec.ts`): the modifier picker with a required group, the receipt discount, a customer by
 * phone paying part with loyalty points, marking codes scanned per unit — and, with the gateway
 * down, the remembered customer and a new one registered at the till; then a cashier invited with
 * a PIN signs in, is disabled in the back office and is signed out at the till's next sync, their
 * PIN refused offline and online. Each is checked where it
 * lands: the sales subgraph's rows, the customers ledger (moved once), and the fiscal module's
 * own request (`Labels`), recorded by a proxy in front of the simulator.
 *
 * With JOWI_E2E_SCREENSHOTS=<folder> (or JOWI_UPDATE_DOC_IMAGES=1 for docs/images) the spec saves
 * the new screens in both themes.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type RunningSimulator, startSimulator } from '@jowi/fiscal-gateway/simulator';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import {
  callHost,
  demoTill,
  GatewayProxy,
  gql,
  ownerHeaders,
  pairingCode,
  startHostMain,
  startSystem,
} from './host-harness.ts';
import { type StaticServer, serveStatic } from './static-server.ts';
import { buildTill, freePort, launchTillBrowser, snap } from './till.fixtures.ts';

const chromiumPath = process.env.JOWI_TEST_CHROMIUM;
const ci = process.env.CI === 'true' || process.env.CI === '1';

const _CONFIG_FILE = fileURLToPath(new URL('../vite.renderer.config.ts', import.meta.url));
const SECRET = 'e2e-extras-secret-0123456789abcdef';
const OSH = 'Osh (plov), 1 porsiya';
const CIGS = 'Sigaret Jowi Blue';
const SOM = (digits: string) => `${digits.replace(/ /g, '\u00a0')}\u00a0so‘m`;
// Two units of a marked product (GTIN 04780069000130, check digit 0); a scanner sends GS + crypto tail.
const GS = String.fromCharCode(0x1d);
const CODE_1 = '010478006900013021Jw7aQ01';
const CODE_2 = '010478006900013021Jw7aQ02';
/** The cashier the back office invites in the last test. */
const JASUR = 'Dilshod Aliyev';
const JASUR_PIN = '5839';

type System = Awaited<ReturnType<typeof startSystem>>;

/** A JSON-RPC proxy in front of the fiscal module simulator that keeps every request body. */
async function recordingProxy(target: string): Promise<{ url: string; bodies: string[]; server: Server }> {
  const bodies: string[] = [];
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    bodies.push(body);
    const answer = await fetch(new URL(req.url ?? '/', target), {
      method: req.method ?? 'POST',
      headers: { 'content-type': req.headers['content-type'] ?? 'application/json' },
      ...(req.method === 'GET' ? {} : { body }),
    });
    res.writeHead(answer.status, {
      'content-type': answer.headers.get('content-type') ?? 'application/json',
    });
    res.end(Buffer.from(await answer.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, bodies, server };
}

describe.skipIf(!chromiumPath && !ci)('the sell screen extras in Chromium against the real POS host', () => {
  let system: System | undefined;
  let proxy: GatewayProxy | undefined;
  let sim: RunningSimulator | undefined;
  let fm: Awaited<ReturnType<typeof recordingProxy>> | undefined;
  let host: { child: ChildProcess; url: string } | undefined;
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let owner: Record<string, string> = {};
  let terminalId = '';
  let dilnozaId = '';
  const dirs: string[] = [];

  const tempDir = async (prefix: string) => {
    const dir = await mkdtemp(join(tmpdir(), prefix));
    dirs.push(dir);
    return dir;
  };
  const ownerGql = <T>(query: string, variables: Record<string, unknown>) =>
    gql<T>(system!.gatewayUrl, query, variables, owner);
  const admin = <T>(sql: string, params: unknown[] = []) => system!.db.admin<T>(sql, params);

  /** The demo cashier may discount and refund (a custom role on top of `cashier`). */
  async function letCashierDiscount(): Promise<void> {
    const login = await gql<{ login: { accessToken: string } }>(
      system!.gatewayUrl,
      'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
      { input: { email: 'cashier@demo.uz', password: 'jowi-demo' } },
    );
    const me = await gql<{ me: { id: string } }>(
      system!.gatewayUrl,
      '{ me { id } }',
      {},
      {
        authorization: `Bearer ${login.login.accessToken}`,
      },
    );
    await ownerGql('mutation($input: CreateRoleInput!) { createRole(input: $input) { errors { code } } }', {
      input: { name: 'discounts', permissions: ['sales:discount', 'sales:refund'] },
    });
    await ownerGql(
      'mutation($input: AssignStaffRolesInput!) { assignStaffRoles(input: $input) { errors { code } } }',
      { input: { staffId: me.me.id, roles: ['cashier', 'discounts'] } },
    );
  }

  /** Osh gets a required size (Katta +10 000) and optional extras; a marked cigarette pack; 5 % loyalty. */
  async function backOffice(): Promise<void> {
    const group = async (input: Record<string, unknown>) =>
      (
        await ownerGql<{ createModifierGroup: { modifierGroup: { id: string }; errors: unknown[] } }>(
          'mutation($input: CreateModifierGroupInput!) { createModifierGroup(input: $input) { modifierGroup { id } errors { code } } }',
          { input },
        )
      ).createModifierGroup.modifierGroup.id;
    const size = await group({
      name: 'Hajmi',
      required: true,
      maxSelections: 1,
      options: [
        { name: 'Kichik', priceDelta: '0.00' },
        { name: 'Katta', priceDelta: '10000.00' },
      ],
    });
    const extras = await group({
      name: 'Qo‘shimcha',
      maxSelections: 2,
      options: [
        { name: 'Tuxum', priceDelta: '3000.00' },
        { name: 'Salat', priceDelta: '4000.00' },
      ],
    });
    const [osh] = await admin<{ id: string; ikpu: string; package_code: string }>(
      'SELECT id, ikpu, package_code FROM catalog.product WHERE name = $1',
      [OSH],
    );
    const update = await ownerGql<{ updateProduct: { errors: unknown[] } }>(
      'mutation($input: UpdateProductInput!) { updateProduct(input: $input) { errors { code message } } }',
      { input: { id: osh!.id, modifierGroupIds: [size, extras] } },
    );
    expect(update.updateProduct.errors).toEqual([]);
    const created = await ownerGql<{ createProduct: { errors: unknown[] } }>(
      'mutation($input: CreateProductInput!) { createProduct(input: $input) { errors { code message } } }',
      {
        input: {
          sku: 'CIG-JOWI-1',
          name: CIGS,
          price: '25000.00',
          vatRate: 12,
          ikpu: osh!.ikpu,
          packageCode: osh!.package_code,
          markingRequired: true,
        },
      },
    );
    expect(created.createProduct.errors).toEqual([]);
    const program = await ownerGql<{ setLoyaltyProgram: { errors: unknown[] } }>(
      'mutation($input: SetLoyaltyProgramInput!) { setLoyaltyProgram(input: $input) { errors { code } } }',
      { input: { enabled: true, accrualBps: 500, maxRedeemPercent: 50 } },
    );
    expect(program.setLoyaltyProgram.errors).toEqual([]);
    const [dilnoza] = await admin<{ id: string }>('SELECT id FROM customers.customer WHERE phone = $1', [
      '+998901234567',
    ]);
    dilnozaId = dilnoza!.id;
    // 20 000 so‘m worth of points (2 000 000 points: 1 point = 1 tiyin).
    await ownerGql(
      'mutation($input: AdjustLoyaltyPointsInput!) { adjustLoyaltyPoints(input: $input) { errors { code } } }',
      {
        input: {
          customerId: dilnozaId,
          points: '20000.00',
          reason: 'Xush kelibsiz bonusi',
          idempotencyKey: '01a25000-0000-7000-8000-00000000f001',
        },
      },
    );
  }

  beforeAll(async () => {
    if (!chromiumPath) throw new Error('CI=true but JOWI_TEST_CHROMIUM is not set: install chromium.');
    const outDir = await tempDir('jowi-pos-extras-web-');
    server = await serveStatic(outDir);
    system = await startSystem({ gatewayEnv: { CORS_ORIGINS: [new URL(server.url).origin] } });
    proxy = await new GatewayProxy(system.gatewayUrl).start();
    owner = await ownerHeaders(system.gatewayUrl);
    ({ terminalId } = await demoTill(system.gatewayUrl, owner));
    await letCashierDiscount();
    await backOffice();
    const simDir = await tempDir('jowi-pos-extras-fm-');
    sim = await startSimulator({ port: 0, stateFile: join(simDir, 'fm.json') });
    fm = await recordingProxy(sim.rpcUrl);
    const hostDir = await tempDir('jowi-pos-extras-host-');
    host = await startHostMain({
      JOWI_POS_HOST_PORT: String(await freePort()),
      JOWI_POS_DATA_DIR: hostDir,
      JOWI_GATEWAY_URL: proxy.url,
      JOWI_POS_HOST_SECRET: SECRET,
      JOWI_FISCAL_MODE: 'local',
      JOWI_FISCAL_DEVICE_URL: new URL(new URL(sim.rpcUrl).pathname, fm.url).href,
      JOWI_FISCAL_PORT: '0',
      JOWI_FISCAL_JOURNAL_FILE: join(hostDir, 'fiscal-journal.jsonl'),
    });
    await buildTill(outDir, proxy.url, host.url);
    browser = await launchTillBrowser(chromiumPath);
  });

  afterAll(async () => {
    await browser?.close();
    if (host?.child.exitCode === null) {
      host.child.kill('SIGTERM');
      await new Promise((resolve) => host!.child.once('exit', resolve));
    }
    await new Promise((resolve) => fm?.server.close(resolve));
    await sim?.close();
    await proxy?.close();
    await server?.close();
    await system?.close();
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  const hostCall = <T>(name: string, ...args: unknown[]) => callHost<T>(host!.url, SECRET, name, ...args);

  /** Types a search and adds the one hit with Enter. */
  async function add(page: Page, query: string): Promise<void> {
    await page.getByTestId('search').waitFor();
    await page.keyboard.type(query);
    await page.keyboard.press('Enter');
  }

  /** Completes the open payment; returns the sale id from the slip (left on screen). */
  async function complete(page: Page): Promise<string> {
    await page.getByTestId('complete-sale').click();
    await page.getByTestId('fiscal-sign').waitFor();
    return (await page.getByTestId('receipt').getAttribute('data-sale-id')) ?? '';
  }

  const synced = (id: string) =>
    expect
      .poll(async () => (await admin('SELECT 1 FROM sales.sale WHERE id = $1', [id])).length, {
        timeout: 30_000,
        interval: 200,
      })
      .toBe(1);

  let page: Page;
  /** A failing step leaves the screen behind for whoever reads the log (JOWI_E2E_FAILURES=<folder>). */
  const keepScreenOnFailure = () =>
    onTestFailed(async ({ task }) => {
      const folder = process.env.JOWI_E2E_FAILURES;
      if (folder && page) await page.screenshot({ path: join(folder, `${task.name.slice(0, 40)}.png`) });
    });

  it('modifiers with a required group, a receipt discount, points paying part, the ledger moved once', async () => {
    keepScreenOnFailure();
    const context = await browser!.newContext({ viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server!.url}#pos-host=${encodeURIComponent(host!.url)}&pos-secret=${SECRET}`);
    await page.getByTestId('pairing-code').fill(await pairingCode(system!.gatewayUrl, owner, terminalId));
    await page.keyboard.press('Enter');
    await page.getByTestId('pin').fill('1111');
    await page.keyboard.press('Enter');
    await page.getByTestId('float').fill('100000');
    await page.getByTestId('open-shift').click();
    // The host's catalog holds the modifier groups and the marked product (pulled from the feed).
    await expect
      .poll(async () => (await hostCall<{ products: number }>('catalog.pullNow')).products, {
        timeout: 30_000,
      })
      .toBeGreaterThan(0);
    await page.getByTestId('product-tile').filter({ hasText: OSH }).waitFor();

    // Osh opens the picker: Enter alone is refused (size is required); 2 = Katta, 3 = Tuxum.
    await add(page, 'osh (plov');
    const picker = page.getByTestId('modifier-picker');
    await picker.waitFor();
    await page.keyboard.press('Enter');
    await page.getByTestId('modifier-error').filter({ hasText: 'Hajmi' }).waitFor();
    await page.keyboard.press('2');
    await page.keyboard.press('3');
    expect(await page.getByTestId('modifier-price').textContent()).toBe(SOM('58 000'));
    await snap(page, 'modifier-picker');
    await page.keyboard.press('Enter');
    await picker.waitFor({ state: 'detached' });
    expect(await page.getByTestId('cart-line-modifiers').textContent()).toBe('+ Katta, + Tuxum');
    expect(await page.getByTestId('cart-total').textContent()).toBe(SOM('58 000'));

    // Shift+F4: 10 % off the receipt → 5 800.
    await page.keyboard.press('Shift+F4');
    await page.getByTestId('receipt-discount').fill('10');
    expect(await page.getByTestId('receipt-discount-amount').textContent()).toBe(SOM('5 800'));
    await page.keyboard.press('Enter');
    await expect.poll(() => page.getByTestId('cart-total').textContent()).toBe(SOM('52 200'));

    // F3: Dilnoza by phone, 20 000 so‘m of points.
    await page.keyboard.press('F3');
    await page.getByTestId('customer-phone').fill('90 123 45 67');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-found').waitFor();
    expect(await page.getByTestId('customer-balance').textContent()).toBe(SOM('20 000'));
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-chip').waitFor();

    // Points pay 20 000 (below the 50 % share of 26 100), the card the rest; 5 % of 32 200 is earned.
    await page.keyboard.press('F12');
    await page.getByTestId('pay-loyalty').click();
    expect(await page.getByTestId('pay-amount').inputValue()).toBe('20000');
    await page.getByTestId('pay-amount').fill('20000.01');
    await page.getByTestId('loyalty-over').waitFor();
    await page.getByTestId('pay-amount').fill('20000');
    expect(await page.getByTestId('pay-earns').textContent()).toBe(SOM('1 610'));
    await snap(page, 'customer-loyalty');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('pay-card').click();
    expect(await page.getByTestId('pay-amount').inputValue()).toBe('32200');
    const saleId = await complete(page);
    expect(await page.getByTestId('slip-redeemed').textContent()).toBe(SOM('20 000'));
    expect(await page.getByTestId('slip-earned').textContent()).toBe(`+ ${SOM('1 610')}`);
    expect(await page.getByTestId('slip-discount').textContent()).toBe(`− ${SOM('5 800')}`);
    await page.frameLocator('iframe[title="Chek"]').getByText('Начислено баллов: +161000').waitFor();

    // The server stored what the till sold: modifiers, discount, customer, the points payment.
    await synced(saleId);
    expect(
      await admin('SELECT total::text, discount::text, customer_id FROM sales.sale WHERE id = $1', [saleId]),
    ).toEqual([{ total: '5220000', discount: '580000', customer_id: dilnozaId }]);
    const [stored] = await admin<{
      modifiers: Array<{ name: string; priceDelta: unknown }>;
      unit_price: string;
    }>('SELECT modifiers, unit_price::text FROM sales.sale_line WHERE sale_id = $1', [saleId]);
    expect(stored!.unit_price).toBe('5800000');
    expect(stored!.modifiers.map((m) => m.name)).toEqual(['Katta', 'Tuxum']);
    expect(
      await admin('SELECT method, amount::text FROM sales.sale_payment WHERE sale_id = $1 ORDER BY line_no', [
        saleId,
      ]),
    ).toEqual([
      { method: 'LOYALTY', amount: '2000000' },
      { method: 'CARD', amount: '3220000' },
    ]);
    // The ledger moved once: one redemption and one accrual for the sale.
    const ledger = () =>
      admin<{ kind: string; points: string }>(
        'SELECT kind, points::text FROM customers.loyalty_entry WHERE sale_id = $1 ORDER BY kind',
        [saleId],
      );
    await expect.poll(ledger, { timeout: 30_000, interval: 200 }).toEqual([
      { kind: 'ACCRUAL', points: '161000' },
      { kind: 'REDEMPTION', points: '-2000000' },
    ]);
    await hostCall('sync.syncNow');
    expect(await ledger()).toHaveLength(2);
    await page.getByTestId('new-sale').click();
    expect(errors).toEqual([]);
  }, 180_000);

  it('marking codes: one scanned per unit, damaged and repeated codes refused, sent to the fiscal module', async () => {
    keepScreenOnFailure();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await add(page, CIGS);
    await expect.poll(() => page.getByTestId('cart-line').count()).toBe(1);
    await page.getByRole('button', { name: 'Ko‘paytirish' }).click();
    expect(await page.getByTestId('cart-line-marking').textContent()).toBe('Markirovka kodlari: 0 / 2');

    // F12 asks for the codes first.
    await page.keyboard.press('F12');
    const code = page.getByTestId('marking-code');
    await code.waitFor();
    await code.fill('010478006900013121Jw7aQ01');
    await page.keyboard.press('Enter');
    await page.getByText('GTIN nazorat raqami').waitFor();
    await code.fill(`${CODE_1}${GS}93abcd`);
    await page.keyboard.press('Enter');
    await code.fill(CODE_1);
    await page.keyboard.press('Enter');
    await page.getByText('allaqachon skanerlangan').waitFor();
    expect(await page.getByTestId('marking-progress').textContent()).toBe('1 / 2 skanerlandi');
    await snap(page, 'marking');
    await code.fill(CODE_2);
    await page.keyboard.press('Enter');
    // Every unit has its code: the payment opens by itself.
    await page.getByTestId('pay-card').click();
    const saleId = await complete(page);
    await synced(saleId);
    expect(
      await admin<{ marking_codes: string[] }>(
        'SELECT marking_codes FROM sales.sale_line WHERE sale_id = $1',
        [saleId],
      ),
    ).toEqual([{ marking_codes: [CODE_1, CODE_2] }]);
    // The fiscal module got them as the item's Labels (no crypto tail).
    const request = fm!.bodies.find((body) => body.includes(saleId) && body.includes('Labels'));
    expect(request).toBeDefined();
    expect(request).toContain(JSON.stringify([CODE_1, CODE_2]));
    expect(request).not.toContain('93abcd');
    await page.getByTestId('new-sale').click();
    expect(errors).toEqual([]);
  }, 120_000);

  it('offline: the remembered customer with the points this till spent, a new customer registered and synced', async () => {
    keepScreenOnFailure();
    await expect.poll(() => page.getByTestId('sync-status').getAttribute('data-pending')).toBe('0');
    proxy!.set('refuse');
    await add(page, 'ko‘k choy');
    await page.keyboard.press('F3');
    await page.getByTestId('customer-phone').fill('+998 90 123 45 67');
    await page.keyboard.press('Enter');
    await page.getByText('kassada saqlangan').waitFor();
    // 20 000 redeemed on this till: nothing left to spend offline.
    expect(await page.getByTestId('customer-balance').textContent()).toBe(SOM('0'));
    await page.getByTestId('customer-phone').fill('97 777 66 55');
    await page.keyboard.press('Enter');
    await page.getByTestId('customer-not-found').waitFor();
    await page.getByTestId('customer-name').fill('Bobur');
    await page.getByTestId('customer-register').click();
    await page.getByTestId('customer-chip').filter({ hasText: 'Bobur' }).waitFor();
    await page.keyboard.press('F12');
    await page.getByTestId('pay-card').click();
    const saleId = await complete(page);
    expect(await page.getByTestId('sync-status').getAttribute('data-pending')).not.toBe('0');

    proxy!.set('pass');
    await hostCall('sync.syncNow');
    await synced(saleId);
    const [bobur] = await admin<{ id: string; name: string }>(
      'SELECT id, name FROM customers.customer WHERE phone = $1',
      ['+998977776655'],
    );
    expect(bobur?.name).toBe('Bobur');
    expect(await admin('SELECT customer_id FROM sales.sale WHERE id = $1', [saleId])).toEqual([
      { customer_id: bobur!.id },
    ]);
    await page.context().close();
  }, 120_000);

  it('an invited cashier signs in with the PIN set for them; disabled, the idle till signs them out at its next sync and refuses the PIN offline and online', async () => {
    keepScreenOnFailure();
    // The back office (identity API): invite Dilshod as a cashier of this till's store, set his PIN.
    const [till] = await admin<{ store_id: string }>(
      'SELECT store_id::text FROM identity.terminal WHERE id = $1',
      [terminalId],
    );
    const invited = await ownerGql<{ createStaff: { staff: { id: string } | null; errors: unknown[] } }>(
      'mutation($input: CreateStaffInput!) { createStaff(input: $input) { staff { id } errors { code } } }',
      { input: { name: JASUR, roles: ['cashier'], storeIds: [till!.store_id] } },
    );
    expect(invited.createStaff.errors).toEqual([]);
    const jasur = invited.createStaff.staff!.id;
    const pin = await ownerGql<{ setStaffPin: { errors: unknown[] } }>(
      'mutation($input: SetStaffPinInput!) { setStaffPin(input: $input) { errors { code } } }',
      { input: { staffId: jasur, pin: JASUR_PIN } },
    );
    expect(pin.setStaffPin.errors).toEqual([]);

    const context = await browser!.newContext({ viewport: { width: 1366, height: 768 } });
    page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${server!.url}#pos-host=${encodeURIComponent(host!.url)}&pos-secret=${SECRET}`);
    const enterPin = async (value: string) => {
      await page.getByTestId('pin').fill(value);
      await page.keyboard.press('Enter');
    };
    // The demo cashier is still at the till: lock it, and Dilshod takes over with his PIN (online).
    await page.getByTestId('lock').click();
    await enterPin(JASUR_PIN);
    await page.getByTestId('cashier-name').filter({ hasText: JASUR }).waitFor();

    // Disabled in the back office while signed in; the sales service learns it from identity's event.
    const disabled = await ownerGql<{ disableStaff: { errors: unknown[] } }>(
      'mutation($input: StaffIdInput!) { disableStaff(input: $input) { errors { code } } }',
      { input: { staffId: jasur } },
    );
    expect(disabled.disableStaff.errors).toEqual([]);
    // He stays at the idle till, selling nothing: the sales service learns it from identity's
    // event, and the till's next heartbeat upload hears it — he is signed out with the reason.
    // (The consumer and the heartbeat both wait a while: up to a few minutes on a loaded machine.)
    const notice = page.getByTestId('signed-out');
    await notice.waitFor({ timeout: 240_000 });
    expect(await notice.getAttribute('data-code')).toBe('STAFF_DISABLED');
    expect(await notice.textContent()).toContain(JASUR);
    expect(await notice.textContent()).toContain('oʻchirilgan');
    await snap(page, 'signed-out-disabled');

    // Offline his PIN is refused: the sync cleared the verifier cached at his online sign-in (the
    // demo cashier's is still there and works offline).
    proxy!.set('refuse');
    await enterPin(JASUR_PIN);
    const refused = page.getByTestId('pin-error');
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('INVALID_PIN');
    await enterPin('1111');
    await page.getByTestId('cashier-name').filter({ hasText: 'Jasur Rahimov' }).waitFor();
    expect(await page.getByText('oflayn kirish').count()).toBe(1);

    // Online the server refuses it too, shown as the same typed error on the lock screen.
    proxy!.set('pass');
    await page.getByTestId('lock').click();
    await enterPin(JASUR_PIN);
    await refused.waitFor();
    expect(await refused.getAttribute('data-code')).toBe('INVALID_PIN');
    expect(await page.getByTestId('cashier-name').textContent()).not.toContain(JASUR);
    expect(errors).toEqual([]);
    await context.close();
  }, 360_000);
});
