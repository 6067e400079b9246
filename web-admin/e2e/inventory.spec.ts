/**
 * Inventory in the back office, in a real browser against the whole backend (one stack, one
 * browser): receive goods on `/inventory/receipts` — a double click records one receipt — and see
 * the stock level and the moving average cost change on `/inventory`; write stock off with a
 * reason and see the ledger row; set a low-stock threshold inline and see the product marked low.
 * With JOWI_E2E_SCREENSHOTS=<folder> the stock and receipts pages are saved as
 * `admin-inventory-{light,dark}.png` and `admin-inventory-receipts-{light,dark}.png`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loginHeaders } from '@jowi/system/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dictionaryFor } from '../src/i18n/dictionaries.ts';
import {
  type AdminServer,
  type AdminSuite,
  adminBrowserSuiteRuns,
  e2eTenant,
  type SuiteStack,
  startAdminSuite,
} from './admin-suite.ts';
import { requestedScreenshotFolder } from './screenshots.ts';

const runBrowser = adminBrowserSuiteRuns('the inventory browser test');

const uz = dictionaryFor('uz');
const t = uz.inventory;
const demo = e2eTenant('inventory');
const store = demo.stores[0]!;
const sugar = demo.products.find((p) => p.name.startsWith('Shakar'))!;
const onion = demo.products.find((p) => p.name === 'Piyoz')!;
const manager = demo.staff.find((s) => s.roles.includes('manager'))!;
const OWNER = `owner@${demo.slug}.uz`;
const PASSWORD = 'jowi-demo';
const WAIT = { timeout: 30_000 };
const screenshots = requestedScreenshotFolder();

interface Level {
  quantity: string;
  averageCost: string | null;
  threshold: string | null;
}

const units = (decimal: string, scale: number) => {
  const [whole = '0', fraction = ''] = decimal.replace('-', '').split('.');
  const value = BigInt(whole + fraction.padEnd(scale, '0'));
  return decimal.startsWith('-') ? -value : value;
};
const decimal = (value: bigint, scale: number) => {
  const sign = value < 0n ? '-' : '';
  const abs = (value < 0n ? -value : value).toString().padStart(scale + 1, '0');
  return `${sign}${abs.slice(0, -scale)}.${abs.slice(-scale)}`;
};
const halfUp = (n: bigint, d: bigint) => (2n * n + d) / (2n * d);

describe.skipIf(!runBrowser)('inventory in a browser', () => {
  let suite: AdminSuite;
  let stack: SuiteStack;
  let server: AdminServer;
  let browser: Browser;
  let page: Page;
  let api: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

  async function levelOf(productId: string): Promise<Level> {
    const { product } = await api<{ product: { stockLevels: (Level & { store: { id: string } })[] } }>(
      'query($id: ID!) { product(id: $id) { stockLevels { store { id } quantity averageCost threshold } } }',
      { id: productId },
    );
    return (
      product.stockLevels.find((level) => level.store.id === store.id) ?? {
        quantity: '0.000',
        averageCost: null,
        threshold: null,
      }
    );
  }

  async function receiptCount(): Promise<number> {
    const { goodsReceipts } = await api<{ goodsReceipts: { edges: unknown[] } }>(
      'query($s: ID) { goodsReceipts(storeId: $s, first: 250) { edges { cursor } } }',
      { s: store.id },
    );
    return goodsReceipts.edges.length;
  }

  /** Light and dark screenshots of the page as it is (the theme is a class on <html>). */
  async function shoot(name: string) {
    if (!screenshots) return;
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, `${name}-light.png`), fullPage: true });
    await page.evaluate(() => document.documentElement.classList.add('dark'));
    await page.screenshot({ path: join(screenshots, `${name}-dark.png`), fullPage: true });
    await page.evaluate(() => document.documentElement.classList.remove('dark'));
  }

  /** Chooses `option` in the Radix select with this test id. */
  async function choose(testId: string, option: string) {
    await page.getByTestId(testId).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  }

  /** Adds a product to a form through the product picker with this test id. */
  async function pickProduct(testId: string, name: string) {
    await page.getByTestId(testId).fill(name);
    await page.getByTestId('product-option').filter({ hasText: name }).first().click();
  }

  /** The stock table row of `name` on /inventory, searched for. */
  async function stockRow(name: string) {
    await page.getByTestId('stock-search').fill(name);
    const row = page.getByRole('row').filter({ hasText: name });
    await expect
      .poll(
        () =>
          page
            .getByRole('row')
            .filter({ has: page.getByTestId('stock-quantity') })
            .count(),
        WAIT,
      )
      .toBe(1);
    await row.getByTestId('stock-quantity').waitFor(WAIT);
    return row;
  }

  beforeAll(async () => {
    suite = await startAdminSuite({ tenant: demo, signInAs: { email: OWNER, password: PASSWORD } });
    ({ stack, server, browser, api } = suite);
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent('/inventory')}`);
    await page.getByLabel(uz.login.email).fill(OWNER);
    await page.getByLabel(uz.login.password).fill(PASSWORD);
    await page.getByRole('button', { name: uz.login.submit }).click();
    await page.waitForURL((url) => url.pathname !== '/login', WAIT);
  }, 600_000);

  afterAll(async () => {
    await suite?.close();
  });

  it('receives goods once however often Receive is clicked, and /inventory shows the new level and average cost', async () => {
    // A first receipt through the API, so the one made in the browser averages with a known cost.
    const { createSupplier } = await api<{ createSupplier: { supplier: { id: string } } }>(
      'mutation($i: CreateSupplierInput!) { createSupplier(input: $i) { supplier { id } errors { code } } }',
      { i: { name: 'Oldingi ta’minotchi' } },
    );
    await api('mutation($i: ReceiveGoodsInput!) { receiveGoods(input: $i) { errors { code } } }', {
      i: {
        id: crypto.randomUUID(),
        storeId: store.id,
        supplierId: createSupplier.supplier.id,
        lines: [{ productId: sugar.id, quantity: '10.000', unitCost: '12000.00' }],
      },
    });
    const before = await levelOf(sugar.id);
    expect(before.averageCost).not.toBeNull();
    const receiptsBefore = await receiptCount();

    await page.goto(`${server.url}/inventory/receipts?store=${store.id}`);
    await page.getByTestId('receive-form').waitFor(WAIT);
    // A supplier added inline is chosen at once.
    await page.getByTestId('supplier-new').click();
    await page.getByTestId('supplier-name').fill('Toshkent Shakar MChJ');
    await page.getByTestId('supplier-add').click();
    await page.getByTestId('supplier-form').waitFor({ state: 'detached', ...WAIT });
    await expect
      .poll(() => page.getByTestId('receive-supplier').textContent(), WAIT)
      .toContain('Toshkent Shakar');
    await pickProduct('receive-product', sugar.name);
    await page.getByTestId('line-quantity').fill('20');
    await page.getByTestId('line-cost').fill('15000');
    await expect
      .poll(() => page.getByTestId('receive-total').getAttribute('data-value'), WAIT)
      .toBe('300000.00');
    await shoot('admin-inventory-receipts');
    await page.getByTestId('receive-submit').dblclick();
    await page.getByTestId('receive-result').waitFor(WAIT);

    // (L·A + q·c) / (L + q), half up to the tiyin: the moving average the server keeps.
    const L = units(before.quantity, 3);
    const expected = decimal(
      halfUp(L * units(before.averageCost!, 2) + 20_000n * 1_500_000n, L + 20_000n),
      2,
    );
    expect(await page.getByTestId('result-average').getAttribute('data-value')).toBe(expected);
    expect(await receiptCount()).toBe(receiptsBefore + 1);
    const after = await levelOf(sugar.id);
    expect(after).toMatchObject({ quantity: decimal(L + 20_000n, 3), averageCost: expected });
    await page
      .getByRole('row')
      .filter({ hasText: 'Toshkent Shakar' })
      .getByTestId('receipt-total')
      .waitFor(WAIT);

    await page.goto(`${server.url}/inventory?store=${store.id}`);
    const row = await stockRow(sugar.name);
    await expect
      .poll(() => row.getByTestId('stock-quantity').getAttribute('data-value'), WAIT)
      .toBe(after.quantity);
    expect(await row.getByTestId('stock-cost').getAttribute('data-value')).toBe(expected);
    expect(await row.getByTestId('stock-cost').getAttribute('data-value')).not.toBe(before.averageCost);
  });

  it('writes stock off with a reason and lists it in the ledger', async () => {
    const before = await levelOf(onion.id);
    await page.goto(`${server.url}/inventory/write-offs?store=${store.id}`);
    await page.getByTestId('write-off-form').waitFor(WAIT);
    await pickProduct('write-off-product', onion.name);
    await page.getByTestId('write-off-quantity').fill('2,5');
    await page.getByTestId('write-off-submit').click();
    await page.getByTestId('write-off-error').getByText(t.writeOffs.needReason).waitFor(WAIT);
    await choose('write-off-reason', t.reasons.SPOILED);
    await page.getByTestId('write-off-submit').click();
    const list = page.getByTestId('write-off-list');
    const ledgerRow = list.getByRole('row').filter({ hasText: onion.name });
    await ledgerRow.getByText(t.reasons.SPOILED).waitFor(WAIT);
    expect(await ledgerRow.getByTestId('movement-quantity').getAttribute('data-value')).toBe('-2.500');
    expect((await levelOf(onion.id)).quantity).toBe(decimal(units(before.quantity, 3) - 2_500n, 3));

    // The stock page's ledger, filtered to write-offs, shows the same row.
    await page.goto(`${server.url}/inventory?store=${store.id}&kind=WRITE_OFF`);
    const stockLedger = page.getByTestId('movements');
    await stockLedger
      .getByRole('row')
      .filter({ hasText: onion.name })
      .getByText(t.reasons.SPOILED)
      .waitFor(WAIT);
    expect(await stockLedger.getByTestId('movement-kind').allTextContents()).toEqual([t.kinds.WRITE_OFF]);
  });

  it('sets a low-stock threshold inline and marks the product low, and corrects stock with a note', async () => {
    const level = await levelOf(sugar.id);
    const above = decimal(units(level.quantity, 3) + 100_000n, 3);
    await page.goto(`${server.url}/inventory?store=${store.id}`);
    const row = await stockRow(sugar.name);
    expect(await row.getByTestId('low-stock').count()).toBe(0);
    await row.getByTestId('stock-threshold').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByTestId('threshold-input').fill(String(units(above, 3) / 1000n));
    await dialog.getByTestId('threshold-save').click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await row.getByTestId('low-stock').waitFor(WAIT);
    await page.getByTestId('low-stock-banner').getByText(sugar.name).waitFor(WAIT);
    expect((await levelOf(sugar.id)).threshold).toBe(above);

    // Correcting stock needs a note; the correction is a ledger row and moves the level.
    await row.getByTestId('stock-correct').click();
    const correct = page.getByRole('dialog');
    await correct.getByTestId('correct-quantity').fill('5');
    expect(await correct.getByTestId('correct-save').isDisabled()).toBe(true);
    await correct.getByTestId('correct-note').fill('Qayta sanaldi');
    await correct.getByTestId('correct-save').click();
    await correct.waitFor({ state: 'detached', ...WAIT });
    const corrected = decimal(units(level.quantity, 3) + 5_000n, 3);
    await expect
      .poll(() => row.getByTestId('stock-quantity').getAttribute('data-value'), WAIT)
      .toBe(corrected);
    await page
      .getByTestId('movements')
      .getByRole('row')
      .filter({ hasText: 'Qayta sanaldi' })
      .getByText(t.kinds.CORRECTION)
      .waitFor(WAIT);
    expect((await levelOf(sugar.id)).quantity).toBe(corrected);
    // The screenshot: a search that shows the low product among others.
    await page.getByTestId('stock-search').fill('sh');
    await page.waitForURL(/q=sh/, WAIT);
    await expect
      .poll(
        () =>
          page
            .getByRole('row')
            .filter({ has: page.getByTestId('stock-quantity') })
            .count(),
        WAIT,
      )
      .toBeLessThan(10);
    await row.getByTestId('low-stock').waitFor(WAIT);
    await shoot('admin-inventory');
  });

  it('shows an accountant stock and receipts read-only, and the server refuses their write-off', async () => {
    await api('mutation($i: AssignStaffRolesInput!) { assignStaffRoles(input: $i) { errors { code } } }', {
      i: { staffId: manager.id, roles: ['accountant'] },
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const own = await context.newPage();
      await own.goto(`${server.url}/login?next=${encodeURIComponent(`/inventory?store=${store.id}`)}`);
      await own.getByLabel(uz.login.email).fill(manager.email!);
      await own.getByLabel(uz.login.password).fill(PASSWORD);
      await own.getByRole('button', { name: uz.login.submit }).click();
      await own.waitForURL((url) => url.pathname === '/inventory', WAIT);
      await own.getByText(t.readOnly).waitFor(WAIT);
      await own.getByTestId('stock-quantity').first().waitFor(WAIT);
      expect(await own.getByTestId('stock-correct').count()).toBe(0);
      expect(await own.getByTestId('stock-threshold').count()).toBe(0);
      await own.goto(`${server.url}/inventory/receipts?store=${store.id}`);
      await own.getByTestId('receipt-total').first().waitFor(WAIT);
      expect(await own.getByTestId('receive-form').count()).toBe(0);
      await own.goto(`${server.url}/inventory/write-offs?store=${store.id}`);
      await own.getByText(t.readOnly).waitFor(WAIT);
      expect(await own.getByTestId('write-off-form').count()).toBe(0);
      await context.close();

      const accountant = await loginHeaders(stack.gatewayUrl, manager.email!, PASSWORD);
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: accountant,
        body: JSON.stringify({
          query: 'mutation($i: WriteOffStockInput!) { writeOffStock(input: $i) { errors { code } } }',
          variables: {
            i: { storeId: store.id, reason: 'SPOILED', lines: [{ productId: onion.id, quantity: '1.000' }] },
          },
        }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    } finally {
      await api('mutation($i: AssignStaffRolesInput!) { assignStaffRoles(input: $i) { errors { code } } }', {
        i: { staffId: manager.id, roles: ['manager'] },
      });
    }
  });
});
