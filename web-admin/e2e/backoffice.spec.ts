/**
 * The back office's day-to-day pages in a real browser against the whole backend (the test
 * stack with the fiscal module simulator, so sales are fiscalised centrally and get a real QR
 * link): dashboard, receipts and refunds, shifts and their Z report, fiscal problems and retry,
 * roles, language and theme, and the lost-connection banner. With JOWI_E2E_SCREENSHOTS=<folder>
 * each page is saved as `admin-<name>.png` (light and dark) for people to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_TENANTS } from '@jowi/demo-data';
import type { TestStack } from '@jowi/system/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dictionaryFor } from '../src/i18n/dictionaries.ts';
import { type AdminServer, type AdminSuite, adminBrowserSuiteRuns, startAdminSuite } from './admin-suite.ts';
import { requestedScreenshotFolder } from './screenshots.ts';

const runBrowser = adminBrowserSuiteRuns('the back-office browser test');

const uz = dictionaryFor('uz');
const ru = dictionaryFor('ru');
const demo = DEMO_TENANTS[0]!;
const store = demo.stores[0]!;
const terminalId = store.terminals[0]!.id;
const plov = demo.products[0]!;
const manager = demo.staff.find((s) => s.roles.includes('manager'))!;
const PASSWORD = 'jowi-demo';
const WAIT = { timeout: 30_000 };
const screenshots = requestedScreenshotFolder();

interface SaleApi {
  sale: {
    status: string;
    refundedTotal: string;
    fiscalReceipt: { id: string; status: string; fiscalSign: string | null; qrUrl: string | null } | null;
  } | null;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

const money = (tiyin: bigint) => `${tiyin / 100n}.${(tiyin % 100n).toString().padStart(2, '0')}`;

describe.skipIf(!runBrowser)('back office in a browser', () => {
  let suite: AdminSuite;
  let stack: TestStack;
  let server: AdminServer;
  let browser: Browser;
  let api: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

  /** A sale of `quantity` plov made now on the demo till, synced with a health report. */
  async function syncPlovSale(
    quantity: number,
    extra: { shiftId?: string; health?: Record<string, unknown> } = {},
  ) {
    const id = crypto.randomUUID();
    const total = money(plov.price * BigInt(quantity));
    const { syncSales } = await api<{ syncSales: { results: { status: string }[] } }>(
      `mutation($input: SyncSalesInput!) { syncSales(input: $input) { results { status } } }`,
      {
        input: {
          terminalId,
          health: extra.health,
          sales: [
            {
              id,
              createdAt: new Date().toISOString(),
              shiftId: extra.shiftId,
              lines: [{ productId: plov.id, quantity: `${quantity}.000`, unitPrice: money(plov.price) }],
              payments: [{ method: 'CASH', amount: total }],
              total,
            },
          ],
        },
      },
    );
    expect(syncSales.results[0]?.status).toBe('CREATED');
    return { id, total };
  }

  async function saleOf(id: string) {
    return api<SaleApi>(
      `query($id: ID!) { sale(id: $id) { status refundedTotal fiscalReceipt { id status fiscalSign qrUrl } } }`,
      { id },
    );
  }

  async function signIn(context: BrowserContext, email: string, next = '/dashboard'): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel(uz.login.email).fill(email);
    await page.getByLabel(uz.login.password).fill(PASSWORD);
    await page.getByRole('button', { name: uz.login.submit }).click();
    return page;
  }

  async function shoot(page: Page, name: string) {
    if (!screenshots) return;
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, `admin-${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    suite = await startAdminSuite({
      stack: { fiscalSimulator: true },
      signInAs: { email: `owner@${demo.slug}.uz`, password: PASSWORD },
    });
    ({ server, browser, api } = suite);
    stack = suite.ownStack!;
  });

  afterAll(async () => {
    await suite?.close();
  });

  it('shows a synced sale on the dashboard and its receipt page with the fiscal sign and a working QR link; a till behind with its sync is listed', async () => {
    const sale = await syncPlovSale(2, { health: { outboxDepth: 4, parkedCount: 1, appVersion: '1.9.0' } });
    const registered = await until('the sale to be fiscalised', async () => {
      const { sale: s } = await saleOf(sale.id);
      return s?.fiscalReceipt?.status === 'REGISTERED' ? s.fiscalReceipt : null;
    });
    expect(registered.qrUrl).toMatch(/^https:\/\//);

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await signIn(context, `owner@${demo.slug}.uz`);
    await page.waitForURL(`${server.url}/dashboard`, WAIT);
    await page.getByRole('heading', { name: uz.dashboard.title }).waitFor(WAIT);
    await page.getByTestId('metrics').waitFor(WAIT);

    // The tiles say what the API says for today, all stores (the demo seed has sales too).
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: store.timeZone }).format(new Date());
    const { salesSummary } = await api<{ salesSummary: { receipts: number; net: string } }>(
      'query($i: SalesSummaryInput!) { salesSummary(input: $i) { receipts net } }',
      { i: { from: today, to: today } },
    );
    expect(salesSummary.receipts).toBeGreaterThanOrEqual(1);
    expect(await page.getByTestId('metric-receipts').textContent()).toBe(String(salesSummary.receipts));
    expect(await page.getByTestId('metric-net').getAttribute('data-value')).toBe(salesSummary.net);
    const behind = page.getByTestId('terminal-behind');
    await behind.first().waitFor(WAIT);
    expect(await behind.first().textContent()).toContain('1.9.0');
    await shoot(page, 'dashboard');

    await page.goto(`${server.url}/sales/${sale.id}`);
    await page.getByTestId('fiscal-sign').waitFor(WAIT);
    expect(await page.getByTestId('fiscal-sign').textContent()).toBe(registered.fiscalSign);
    const qr = page.getByTestId('fiscal-qr-link');
    expect(await qr.getAttribute('href')).toBe(registered.qrUrl);
    await page.getByRole('img', { name: uz.sales.qrAlt }).waitFor(WAIT);
    expect(await page.getByTestId('sale-total').getAttribute('data-value')).toBe(sale.total);
    await shoot(page, 'receipt');
    await context.close();
  });

  it('refunds part of a receipt from its page, once, and shows it as partly refunded', async () => {
    const sale = await syncPlovSale(3);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await signIn(context, `owner@${demo.slug}.uz`, `/sales/${sale.id}`);
    await page.getByRole('button', { name: uz.sales.refund.open }).click(WAIT);
    const dialog = page.getByRole('dialog', { name: uz.sales.refund.title });
    await dialog.getByRole('tab', { name: uz.sales.refund.partial }).click();
    await dialog.getByLabel(uz.sales.refund.quantity.replace('{name}', plov.name)).fill('1');
    await dialog.getByLabel(uz.sales.refund.reason).fill('Mijoz fikridan qaytdi');
    await shoot(page, 'refund');
    await dialog.getByTestId('refund-submit').dblclick();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await page.getByTestId('sale-status').getByText(uz.sales.statuses.PARTIALLY_REFUNDED).waitFor(WAIT);
    expect(await page.getByTestId('sale-refunded').getAttribute('data-value')).toBe(money(plov.price));

    // A double click sent one refund: the sale is refunded by exactly one plov.
    const { sale: stored } = await saleOf(sale.id);
    expect(stored).toMatchObject({ status: 'PARTIALLY_REFUNDED', refundedTotal: money(plov.price) });
    await context.close();
  });

  it('closes a shift through the API and reads its Z figures, counted cash and difference', async () => {
    const shiftId = crypto.randomUUID();
    const { openShift } = await api<{ openShift: { errors: { code: string }[] } }>(
      'mutation($i: OpenShiftInput!) { openShift(input: $i) { errors { code } } }',
      { i: { id: shiftId, terminalId, openingFloat: '100000.00' } },
    );
    // The demo till may have a shift open from the seed: close it first and open ours.
    if (openShift.errors[0]?.code === 'SHIFT_ALREADY_OPEN') {
      const { shifts } = await api<{ shifts: { edges: { node: { id: string } }[] } }>(
        'query($t: ID) { shifts(first: 1, filter: { terminalId: $t, status: OPEN }) { edges { node { id } } } }',
        { t: terminalId },
      );
      await api('mutation($i: CloseShiftInput!) { closeShift(input: $i) { errors { code } } }', {
        i: { shiftId: shifts.edges[0]!.node.id, countedCash: '0.00' },
      });
      await api('mutation($i: OpenShiftInput!) { openShift(input: $i) { errors { code } } }', {
        i: { id: shiftId, terminalId, openingFloat: '100000.00' },
      });
    }
    const sale = await syncPlovSale(2, { shiftId });
    const expected = 10_000_000n + plov.price * 2n;
    const counted = expected - 500_000n;
    const { closeShift } = await api<{ closeShift: { errors: { code: string }[] } }>(
      'mutation($i: CloseShiftInput!) { closeShift(input: $i) { errors { code } } }',
      { i: { shiftId, countedCash: money(counted), note: 'Kamomad' } },
    );
    expect(closeShift.errors).toEqual([]);

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await signIn(context, `owner@${demo.slug}.uz`, `/shifts/${shiftId}`);
    await page.getByTestId('shift-report').waitFor(WAIT);
    await page.getByText(uz.shifts.zReport).waitFor(WAIT);
    expect(await page.getByTestId('z-sales-count').locator('dd').textContent()).toBe('1');
    expect(await page.getByTestId('z-sales-total').locator('[data-value]').getAttribute('data-value')).toBe(
      sale.total,
    );
    expect(await page.getByTestId('cash-expected').locator('[data-value]').getAttribute('data-value')).toBe(
      money(expected),
    );
    expect(await page.getByTestId('cash-counted').locator('[data-value]').getAttribute('data-value')).toBe(
      money(counted),
    );
    expect(await page.getByTestId('cash-difference').locator('[data-value]').getAttribute('data-value')).toBe(
      '-5000.00',
    );
    expect(await page.getByTestId('cash-difference').textContent()).toContain(uz.shifts.shortage);
    await shoot(page, 'shift');

    await page.goto(`${server.url}/shifts`);
    await page.getByRole('heading', { name: uz.shifts.title }).waitFor(WAIT);
    await page.getByRole('row').nth(1).waitFor(WAIT);
    await shoot(page, 'shifts');
    await page.goto(`${server.url}/sales`);
    await page.getByRole('heading', { name: uz.sales.title }).waitFor(WAIT);
    await page.getByRole('row').nth(1).waitFor(WAIT);
    await shoot(page, 'sales');
    await context.close();
  });

  it('retries a NEEDS_ATTENTION fiscal receipt from the fiscal page once its cause is fixed', async () => {
    // A product the catalog has but has not announced yet (its event still in flight): the sale's
    // fiscal receipt waits in NEEDS_ATTENTION with MISSING_IKPU.
    const productId = crypto.randomUUID();
    await stack.db.admin(
      `INSERT INTO catalog.product (tenant_id, id, sku, name, price, vat_rate, ikpu, package_code)
       VALUES ($1, $2, $3, 'Qozon kabob', 5600000, 12, '10202001007000000', '1500')`,
      [demo.id, productId, `LATE-${productId.slice(-6)}`],
    );
    const saleId = crypto.randomUUID();
    await api('mutation($input: SyncSalesInput!) { syncSales(input: $input) { errors { code } } }', {
      input: {
        terminalId,
        sales: [
          {
            id: saleId,
            createdAt: new Date().toISOString(),
            lines: [{ productId, quantity: '1', unitPrice: '56000.00' }],
            payments: [{ method: 'CARD', amount: '56000.00' }],
            total: '56000.00',
          },
        ],
      },
    });
    await until('the receipt to need attention', async () => {
      const { sale } = await saleOf(saleId);
      return sale?.fiscalReceipt?.status === 'NEEDS_ATTENTION';
    });

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await signIn(context, `owner@${demo.slug}.uz`, '/fiscal');
    const row = page.locator(`[data-testid="fiscal-receipt-row"][data-sale-id="${saleId}"]`);
    await row.waitFor(WAIT);
    expect(await row.textContent()).toContain(uz.fiscal.reasons.MISSING_IKPU);
    await shoot(page, 'fiscal');

    // Retrying before the fix is refused with the reason, and nothing changes.
    await row.getByRole('button', { name: uz.fiscal.retry }).click();
    await page.getByTestId('retry-error').waitFor(WAIT);

    // The fix: the catalog announces the product (any write does), and fiscal's projection catches up.
    await api('mutation($input: UpdateProductInput!) { updateProduct(input: $input) { errors { code } } }', {
      input: { id: productId, name: 'Qozon kabob, 1 porsiya' },
    });
    await until('fiscal’s projection', async () => {
      const rows = await stack.db.admin('SELECT 1 FROM fiscal.product_ref WHERE id = $1', [productId]);
      return rows.length > 0;
    });
    await row.getByRole('button', { name: uz.fiscal.retry }).click();
    await page.getByText(uz.fiscal.retried, { exact: true }).first().waitFor(WAIT);
    await until('the retried receipt to be registered', async () => {
      const { sale } = await saleOf(saleId);
      return sale?.fiscalReceipt?.status === 'REGISTERED';
    });
    await row.waitFor({ state: 'detached', ...WAIT });
    await context.close();
  });

  it('switches language and theme (remembered), keeps the data on screen when the connection drops', async () => {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await signIn(context, `owner@${demo.slug}.uz`);
    await page.getByTestId('metrics').waitFor(WAIT);
    await page.getByRole('button', { name: 'RU', exact: true }).click();
    await page.getByRole('heading', { name: ru.dashboard.title }).waitFor(WAIT);
    await page.getByRole('link', { name: ru.nav.pages.sales }).waitFor(WAIT);
    await page.getByRole('button', { name: ru.common.themeToDark }).click();
    await page.getByRole('button', { name: ru.common.themeToLight }).waitFor(WAIT);
    // The switch is immediate; the cookie that remembers it is written by a server action.
    await until('the theme cookie', async () =>
      (await context.cookies()).some((c) => c.name === 'jowi_theme' && c.value === 'dark'),
    );
    await page.reload();
    await page.getByTestId('metrics').waitFor(WAIT);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await page.evaluate(() => document.documentElement.className)).toContain('dark');
    await shoot(page, 'dashboard-dark');

    // Offline: the browser says so; the page keeps the last data, read-only, under the banner.
    // Back online, the page asks again and the banner goes once an answer arrives.
    const receipts = await page.getByTestId('metric-receipts').textContent();
    await context.setOffline(true);
    await page.getByTestId('offline-banner').waitFor(WAIT);
    expect(await page.getByTestId('offline-banner').textContent()).toContain(ru.nav.offlineTitle);
    expect(await page.getByTestId('metric-receipts').textContent()).toBe(receipts);
    await shoot(page, 'offline');
    await context.setOffline(false);
    await page.getByTestId('offline-banner').waitFor({ state: 'detached', ...WAIT });
    expect(await page.getByTestId('metric-receipts').textContent()).toBe(receipts);
    await context.close();
  });

  it('refuses a cashier, and shows an accountant figures and receipts without refund or retry', async () => {
    const cashierContext = await browser.newContext();
    const cashierPage = await signIn(cashierContext, `cashier@${demo.slug}.uz`);
    const alert = cashierPage.locator('[role="alert"][data-code]');
    await alert.waitFor(WAIT);
    expect(await alert.getAttribute('data-code')).toBe('NO_BACK_OFFICE');
    expect((await cashierContext.cookies()).map((c) => c.name)).not.toContain('jowi_at');
    await cashierContext.close();

    await api('mutation($i: AssignStaffRolesInput!) { assignStaffRoles(input: $i) { errors { code } } }', {
      i: { staffId: manager.id, roles: ['accountant'] },
    });
    try {
      const sale = await syncPlovSale(1);
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await signIn(context, manager.email!);
      await page.getByTestId('metrics').waitFor(WAIT);
      expect(await page.getByTestId('viewer-roles').textContent()).toContain(uz.nav.roles.accountant);
      // Navigation lists no page the role cannot open (import needs catalog:write).
      expect(await page.getByRole('link', { name: uz.nav.pages.productImport }).count()).toBe(0);

      await page.goto(`${server.url}/sales/${sale.id}`);
      await page.getByTestId('sale-lines').waitFor(WAIT);
      expect(await page.getByRole('button', { name: uz.sales.refund.open }).count()).toBe(0);

      await page.goto(`${server.url}/fiscal`);
      await page
        .getByText(uz.fiscal.noRetryPermission)
        .or(page.getByText(uz.fiscal.receiptsEmpty))
        .waitFor(WAIT);
      expect(await page.getByRole('button', { name: uz.fiscal.retry }).count()).toBe(0);
      await context.close();
    } finally {
      await api('mutation($i: AssignStaffRolesInput!) { assignStaffRoles(input: $i) { errors { code } } }', {
        i: { staffId: manager.id, roles: ['manager'] },
      });
    }
  });
});
