/**
 * Inventory operations in the back office, in a real browser against the whole backend (one
 * stack, one browser): send a transfer between the demo's two stores and receive it, checking both
 * stores' levels; a stock-take with a sale synced by the till while people count, whose posted
 * adjustment leaves the sale out; and a new recipe version listed with its ingredients.
 * With JOWI_E2E_SCREENSHOTS=<folder> the pages are saved as `admin-inventory-transfers.png`,
 * `admin-inventory-stocktake.png`, `admin-inventory-stocktakes.png` (the list filtered to posted
 * sheets) and `admin-recipes.png` (dark).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dictionaryFor } from '../src/i18n/dictionaries.ts';
import {
  type AdminServer,
  type AdminSuite,
  adminBrowserSuiteRuns,
  e2eTenant,
  startAdminSuite,
} from './admin-suite.ts';
import { requestedScreenshotFolder } from './screenshots.ts';

const runBrowser = adminBrowserSuiteRuns('the inventory operations browser test');

const uz = dictionaryFor('uz');
const t = uz.inventoryOps;
const demo = e2eTenant('inventory-ops');
const [main, airport] = [demo.stores[0]!, demo.stores[1]!];
const till = main.terminals[0]!.id;
const byName = (prefix: string) => demo.products.find((p) => p.name.startsWith(prefix))!;
const cola = byName('Coca-Cola');
const water = byName('Hydrolife');
const ayron = byName('Ayron');
const plov = byName('Osh (plov)');
const rice = byName('Guruch');
const carrot = byName('Sabzi');
const OWNER = `owner@${demo.slug}.uz`;
const PASSWORD = 'jowi-demo';
const WAIT = { timeout: 30_000 };
const screenshots = requestedScreenshotFolder();

/** Thousandths of a `Quantity` string ("-1.500" → -1500n). */
const milli = (quantity: string) => {
  const negative = quantity.startsWith('-');
  const [whole = '0', fraction = ''] = quantity.replace('-', '').split('.');
  const value = BigInt(whole) * 1000n + BigInt(fraction.padEnd(3, '0'));
  return negative ? -value : value;
};
const money = (tiyin: bigint) => `${tiyin / 100n}.${(tiyin % 100n).toString().padStart(2, '0')}`;

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe.skipIf(!runBrowser)('inventory transfers, stock-takes and recipes in a browser', () => {
  let suite: AdminSuite;
  let server: AdminServer;
  let browser: Browser;
  let context: BrowserContext;
  let api: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

  async function signIn(next: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel(uz.login.email).fill(OWNER);
    await page.getByLabel(uz.login.password).fill(PASSWORD);
    await page.getByRole('button', { name: uz.login.submit }).click();
    await page.waitForURL((url) => url.pathname !== '/login', WAIT);
    return page;
  }

  async function shoot(page: Page, name: string, dark = false) {
    if (!screenshots) return;
    mkdirSync(screenshots, { recursive: true });
    if (dark) await page.evaluate(() => document.documentElement.classList.add('dark'));
    await page.screenshot({ path: join(screenshots, `${name}.png`), fullPage: true });
    if (dark) await page.evaluate(() => document.documentElement.classList.remove('dark'));
  }

  /** Stock of a product in a store, in thousandths, and what is in transit to it. */
  async function levelOf(productId: string, storeId: string) {
    const { product } = await api<{ product: { stock: string; inTransit: string } }>(
      'query($id: ID!, $s: ID!) { product(id: $id) { stock(storeId: $s) inTransit(storeId: $s) } }',
      { id: productId, s: storeId },
    );
    return { stock: milli(product.stock), inTransit: milli(product.inTransit) };
  }

  /** Picks a product in a picker by typing and pressing Enter (the keyboard path). */
  async function pick(page: Page, testId: string, search: string, name: string) {
    await page.getByTestId(testId).fill(search);
    await page.getByTestId('product-option').filter({ hasText: name }).first().waitFor(WAIT);
    await page.getByTestId(testId).press('Enter');
  }

  /** Adds a product line of a form (`<prefix>-search`) and waits until its quantity field has the focus. */
  async function pickLine(page: Page, prefix: string, search: string, product: { id: string; name: string }) {
    await pick(page, `${prefix}-search`, search, product.name);
    const quantity = page.getByTestId(`${prefix}-quantity-${product.id}`);
    await expect.poll(() => quantity.evaluate((el) => el === document.activeElement), WAIT).toBe(true);
  }

  /** Chooses an option of a (Radix) select. */
  async function choose(page: Page, testId: string, label: string) {
    await page.getByTestId(testId).click();
    await page.getByRole('option', { name: label }).click();
  }

  beforeAll(async () => {
    suite = await startAdminSuite({ tenant: demo, signInAs: { email: OWNER, password: PASSWORD } });
    ({ server, browser, api } = suite);
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  }, 600_000);

  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('sends a transfer, shows it in transit, receives it and moves stock between the stores', async () => {
    const before = { main: await levelOf(cola.id, main.id), airport: await levelOf(cola.id, airport.id) };
    const page = await signIn('/inventory/transfers');
    await page.getByRole('heading', { name: t.transfers.title }).waitFor(WAIT);
    await page.getByText(t.transfers.emptyTitle).waitFor(WAIT);

    await page.getByTestId('send-transfer').click();
    await choose(page, 'transfer-from', main.name);
    await choose(page, 'transfer-to', airport.name);
    // Picking focuses the new line's quantity.
    await pickLine(page, 'transfer', 'Coca', cola);
    await page.keyboard.type('12');
    await page.getByTestId('send-transfer-submit').click();

    // The new transfer opens, in transit; the goods have left the sending store only.
    const detail = page.getByTestId('transfer-detail');
    await detail.getByTestId('transfer-status').getByText(t.transfers.status.IN_TRANSIT).waitFor(WAIT);
    // Who sent it is named (identity's name through the gateway), never the raw `staff:<id>`.
    const { me } = await api<{ me: { name: string } }>('{ me { name } }');
    await expect
      .poll(() => detail.getByTestId('transfer-detail-sent-by').textContent(), WAIT)
      .toContain(me.name);
    // Quantities carry the unit as the reader's language writes it (`pcs` is `dona` in uz).
    const sentCell = detail.getByTestId('transfer-line').first().locator('td').nth(1);
    expect(await sentCell.textContent()).toBe(`12\u00a0${uz.products.units.pcs}`);
    const sent = { main: await levelOf(cola.id, main.id), airport: await levelOf(cola.id, airport.id) };
    expect(sent.main.stock).toBe(before.main.stock - 12_000n);
    expect(sent.airport).toEqual({ stock: before.airport.stock, inTransit: 12_000n });
    await page.keyboard.press('Escape');
    const row = page.getByRole('row').filter({ hasText: airport.name });
    await row.getByText(t.transfers.status.IN_TRANSIT).waitFor(WAIT);
    expect(await row.getByTestId('transfer-sent-by').textContent()).toBe(me.name);
    expect(await page.getByRole('table').textContent()).not.toContain('staff:');
    await shoot(page, 'admin-inventory-transfers');

    await row.click();
    await detail.getByTestId('receive-all').click();
    await page.getByRole('alertdialog').getByRole('button', { name: t.transfers.detail.confirm }).click();
    await detail.getByTestId('transfer-status').getByText(t.transfers.status.RECEIVED).waitFor(WAIT);
    await expect
      .poll(() => detail.getByTestId('transfer-detail-received-by').textContent(), WAIT)
      .toContain(me.name);
    expect(await detail.textContent()).not.toContain('staff:');
    await shoot(page, 'admin-inventory-transfer-detail');
    await shoot(page, 'admin-inventory-transfer-detail-dark', true);
    const received = { main: await levelOf(cola.id, main.id), airport: await levelOf(cola.id, airport.id) };
    expect(received.main.stock).toBe(before.main.stock - 12_000n);
    expect(received.airport).toEqual({ stock: before.airport.stock + 12_000n, inTransit: 0n });
    // The success toast is the top layer now (Escape would dismiss it first): close with the button.
    await detail.getByTestId('transfer-close').click();
    await detail.waitFor({ state: 'detached', ...WAIT });
    await page
      .getByRole('row')
      .filter({ hasText: airport.name })
      .getByText(t.transfers.status.RECEIVED)
      .waitFor(WAIT);

    // A second transfer arrives short: 5 sent, 3 received on the line, the rest is a shortage.
    const shortId = crypto.randomUUID();
    const sendShort = () =>
      api<{ sendTransfer: { errors: { code: string }[] } }>(
        'mutation($i: SendTransferInput!) { sendTransfer(input: $i) { errors { code } } }',
        {
          i: {
            id: shortId,
            fromStoreId: main.id,
            toStoreId: airport.id,
            lines: [{ productId: cola.id, quantity: '5.000' }],
          },
        },
      );
    expect((await sendShort()).sendTransfer.errors).toEqual([]);
    expect((await sendShort()).sendTransfer.errors).toEqual([]); // the same id again moves nothing
    await page.goto(`${server.url}/inventory/transfers?transfer=${shortId}`);
    await detail.getByTestId('receive-some').click();
    await detail.getByTestId(`receive-quantity-${cola.id}`).fill('3');
    await detail.getByTestId('receive-some-submit').click();
    await detail.getByTestId('transfer-status').getByText(t.transfers.status.RECEIVED).waitFor(WAIT);
    await detail.getByText(t.transfers.detail.shortage, { exact: false }).waitFor(WAIT);
    expect(await levelOf(cola.id, main.id)).toEqual({ stock: before.main.stock - 17_000n, inTransit: 0n });
    expect(await levelOf(cola.id, airport.id)).toEqual({
      stock: before.airport.stock + 15_000n,
      inTransit: 0n,
    });
    await page.close();
  });

  it('counts by keyboard, accounts for a sale made mid-count, and posts the adjustment shown', async () => {
    const page = await signIn('/inventory/stock-takes');
    await page.getByRole('heading', { name: t.stockTakes.title }).waitFor(WAIT);
    await page.getByTestId('start-stock-take').click();
    await choose(page, 'stock-take-store', main.name);
    await choose(page, 'stock-take-scope', t.stockTakes.form.chosenProducts);
    await pick(page, 'stock-take-product', 'Hydrolife', water.name);
    await pick(page, 'stock-take-product', 'Ayron', ayron.name);
    await page.getByTestId('start-stock-take-submit').click();
    await page.waitForURL(/\/inventory\/stock-takes\/[0-9a-f-]{36}$/, WAIT);
    const sheetId = page.url().split('/').pop()!;
    await page.getByTestId('mid-count-note').waitFor(WAIT);
    await expect.poll(() => page.getByTestId('count-line').count(), WAIT).toBe(2);
    const atStart = {
      water: (await levelOf(water.id, main.id)).stock,
      ayron: (await levelOf(ayron.id, main.id)).stock,
    };

    // The till sells 2 waters while the shelf is being counted.
    const total = money(water.price * 2n);
    const { syncSales } = await api<{ syncSales: { results: { status: string }[] } }>(
      'mutation($input: SyncSalesInput!) { syncSales(input: $input) { results { status } } }',
      {
        input: {
          terminalId: till,
          sales: [
            {
              id: crypto.randomUUID(),
              createdAt: new Date().toISOString(),
              lines: [{ productId: water.id, quantity: '2.000', unitPrice: money(water.price) }],
              payments: [{ method: 'CASH', amount: total }],
              total,
            },
          ],
        },
      },
    );
    expect(syncSales.results[0]?.status).toBe('CREATED');
    await until(
      'the sale deducted from stock',
      async () => (await levelOf(water.id, main.id)).stock === atStart.water - 2_000n,
    );

    // On the shelf: the 2 sold are gone, and 1 more is missing. Enter saves and moves on.
    const counted = atStart.water - 3_000n;
    const waterInput = page.getByTestId(`count-input-${water.id}`);
    await waterInput.click();
    await page.keyboard.type(String(counted / 1000n));
    await page.keyboard.press('Enter');
    const ayronInput = page.getByTestId(`count-input-${ayron.id}`);
    await expect.poll(() => ayronInput.evaluate((el) => el === document.activeElement), WAIT).toBe(true);
    await page.keyboard.type(String(atStart.ayron / 1000n));
    await page.keyboard.press('Enter');
    const waterLine = page.getByTestId('count-line').filter({ hasText: water.name });
    // Compared with the level now (after the sale), the difference is the 1 missing, not 3.
    await expect
      .poll(
        () => waterLine.getByTestId('count-difference').locator('[data-milli]').getAttribute('data-milli'),
        WAIT,
      )
      .toBe('-1000');
    // The last Enter's save is still on its way when the water line shows its difference: wait
    // for the server to hold both counts.
    const savedCounts = async () => {
      const { stockTake: saved } = await api<{
        stockTake: { lines: { product: { id: string }; counted: string | null }[] };
      }>('query($id: ID!) { stockTake(id: $id) { lines { product { id } counted } } }', { id: sheetId });
      return saved.lines.map((line) => line.counted && milli(line.counted)).sort();
    };
    await expect.poll(savedCounts, WAIT).toEqual([counted, atStart.ayron].sort());
    await shoot(page, 'admin-inventory-stocktake');

    await page.getByTestId('post-stock-take').click();
    const adjustments = page.getByTestId('post-adjustments');
    await adjustments.getByText(water.name).waitFor(WAIT);
    expect(await adjustments.getByRole('row').count()).toBe(2); // header + water; ayron has no difference
    await page.getByTestId('post-stock-take-confirm').click();
    await page.getByTestId('stock-take-status').getByText(t.stockTakes.status.POSTED).waitFor(WAIT);
    expect(
      await waterLine.getByTestId('count-difference').locator('[data-milli]').getAttribute('data-milli'),
    ).toBe('-1000');

    const { stockTake } = await api<{
      stockTake: {
        status: string;
        lines: { product: { id: string }; levelAtPosting: string; adjustment: string | null }[];
      };
    }>(
      'query($id: ID!) { stockTake(id: $id) { status lines { product { id } levelAtPosting adjustment } } }',
      {
        id: sheetId,
      },
    );
    expect(stockTake.status).toBe('POSTED');
    const waterPosted = stockTake.lines.find((line) => line.product.id === water.id)!;
    expect(milli(waterPosted.levelAtPosting)).toBe(atStart.water - 2_000n);
    expect(waterPosted.adjustment && milli(waterPosted.adjustment)).toBe(-1_000n);
    expect(stockTake.lines.find((line) => line.product.id === ayron.id)?.adjustment).toBeNull();
    expect((await levelOf(water.id, main.id)).stock).toBe(counted);

    // The list filters by state (kept in the URL): the posted sheet is not among the open ones.
    await page.goto(`${server.url}/inventory/stock-takes`);
    const posted = page.getByRole('row').filter({ hasText: t.stockTakes.status.POSTED });
    await posted.first().waitFor(WAIT);
    await choose(page, 'stock-take-status-filter', t.stockTakes.status.OPEN);
    await page.getByText(t.stockTakes.emptyTitle).waitFor(WAIT);
    expect(new URL(page.url()).searchParams.get('status')).toBe('OPEN');
    await choose(page, 'stock-take-status-filter', t.stockTakes.status.POSTED);
    await posted.first().waitFor(WAIT);
    expect(new URL(page.url()).searchParams.get('status')).toBe('POSTED');
    // The date column holds the whole uz date and time ("8-dekabr, 2026, 09:15"), none cut off.
    const dates = await page.locator('td').evaluateAll((cells) => {
      const shown = cells.filter((cell) =>
        /^\d{1,2}-[a-z]+, \d{4}, \d{2}:\d{2}$/.test(cell.textContent ?? ''),
      );
      return {
        count: shown.length,
        cut: shown.filter((c) => c.scrollWidth > c.clientWidth).map((c) => c.textContent),
      };
    });
    expect(dates.count).toBeGreaterThan(0);
    expect(dates.cut).toEqual([]);
    await shoot(page, 'admin-inventory-stocktakes');
    await page.close();
  });

  it('sets a recipe version after a confirmation and lists it with its ingredients', async () => {
    const page = await signIn('/recipes');
    await page.getByRole('heading', { name: uz.recipes.title }).waitFor(WAIT);
    await page.getByRole('link', { name: uz.nav.pages.recipes }).first().waitFor(WAIT);
    await pick(page, 'recipe-dish', 'plov', plov.name);
    await page.getByTestId('recipe-current').getByText(uz.recipes.noRecipeTitle).waitFor(WAIT);

    await page.getByTestId('recipe-edit').click();
    await pickLine(page, 'recipe', 'Guruch', rice);
    await page.keyboard.type('0,15');
    await pickLine(page, 'recipe', 'Sabzi', carrot);
    await page.keyboard.type('0,1');
    await page.getByTestId('recipe-save').click();
    await page.getByRole('alertdialog').getByRole('button', { name: uz.recipes.confirm }).click();

    const ingredients = page.getByTestId('recipe-ingredients');
    await ingredients.getByText(rice.name).waitFor(WAIT);
    await ingredients.getByText(carrot.name).waitFor(WAIT);
    await page.getByRole('row').filter({ hasText: 'v1' }).getByText(uz.recipes.inForce).waitFor(WAIT);
    await shoot(page, 'admin-recipes', true);

    const { recipeVersions } = await api<{
      recipeVersions: {
        edges: { node: { version: number; ingredients: { product: { id: string }; quantity: string }[] } }[];
      };
    }>(
      'query($p: ID!) { recipeVersions(productId: $p, first: 10) { edges { node { version ingredients { product { id } quantity } } } } }',
      { p: plov.id },
    );
    expect(recipeVersions.edges).toHaveLength(1);
    expect(recipeVersions.edges[0]!.node.version).toBe(1);
    expect(
      Object.fromEntries(recipeVersions.edges[0]!.node.ingredients.map((i) => [i.product.id, i.quantity])),
    ).toEqual({ [rice.id]: '0.150', [carrot.id]: '0.100' });
    await page.close();
  });
});
