/**
 * Issue 15, what was left of the back office, in a real browser against the whole backend: the
 * Ctrl-K command palette (pages by permission, the server's product search, recent receipts),
 * the product list on the virtualised DataTable (server sort, keyboard rows, column menu), and
 * the language kept per person — chosen in one browser, applied at sign-in in a fresh one.
 * Screenshots of the palette and the product table in both themes go to
 * .data/test-artifacts/screenshots/ (docs/images/ with JOWI_UPDATE_DOC_IMAGES=1).
 */
import path from 'node:path';
import { uiLocales } from '@jowi/ui';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dictionaryFor } from '../src/i18n/dictionaries.ts';
import { formatMoney } from '../src/lib/format.ts';
import {
  type AdminServer,
  type AdminSuite,
  adminBrowserSuiteRuns,
  e2eTenant,
  startAdminSuite,
} from './admin-suite.ts';
import { screenshotFolder } from './screenshots.ts';

const runBrowser = adminBrowserSuiteRuns('the back-office tools browser test');

const uz = dictionaryFor('uz');
const ru = dictionaryFor('ru');
const ui = uiLocales.uz.messages;
const demo = e2eTenant('backoffice-tools');
const terminalId = demo.stores[0]!.terminals[0]!.id;
const plov = demo.products[0]!;
const OWNER = `owner@${demo.slug}.uz`;
const manager = demo.staff.find((s) => s.roles.includes('manager'))!;
const PASSWORD = 'jowi-demo';
const WAIT = { timeout: 30_000 };
const IMAGES = screenshotFolder();
const money = (tiyin: bigint) => `${tiyin / 100n}.${(tiyin % 100n).toString().padStart(2, '0')}`;

describe.skipIf(!runBrowser)('back-office tools in a browser', () => {
  let suite: AdminSuite;
  let server: AdminServer;
  let browser: Browser;
  let api: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

  beforeAll(async () => {
    suite = await startAdminSuite({ tenant: demo, signInAs: { email: OWNER, password: PASSWORD } });
    ({ server, browser, api } = suite);
  });

  afterAll(async () => {
    await suite?.close();
  });

  async function signIn(context: BrowserContext, email: string, next = '/dashboard'): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel(uz.login.email).fill(email);
    await page.getByLabel(uz.login.password).fill(PASSWORD);
    await page.getByRole('button', { name: uz.login.submit }).click();
    await page.waitForURL(`${server.url}${next}`, WAIT);
    return page;
  }

  async function screenshots(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(IMAGES, `${name}-light.png`) });
    await page.evaluate(() => document.documentElement.classList.add('dark'));
    await page.screenshot({ path: path.join(IMAGES, `${name}-dark.png`) });
    await page.evaluate(() => document.documentElement.classList.remove('dark'));
  }

  it('Ctrl-K opens the palette: pages, a product found by the server, a recent receipt', async () => {
    const total = money(plov.price);
    const saleId = crypto.randomUUID();
    await api('mutation($input: SyncSalesInput!) { syncSales(input: $input) { results { status } } }', {
      input: {
        terminalId,
        sales: [
          {
            id: saleId,
            createdAt: new Date().toISOString(),
            lines: [{ productId: plov.id, quantity: '1.000', unitPrice: total }],
            payments: [{ method: 'CASH', amount: total }],
            total,
          },
        ],
      },
    });
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await signIn(context, OWNER);
    await page.getByTestId('metrics').waitFor(WAIT);
    const palette = page.getByRole('dialog');

    await page.keyboard.press('Control+k');
    await palette.waitFor(WAIT);
    await palette.getByRole('option', { name: uz.nav.pages.categories }).waitFor(WAIT);
    await palette.getByRole('option', { name: uz.nav.palette.newProduct }).waitFor(WAIT);
    await palette
      .getByRole('option', { name: new RegExp(uz.nav.palette.receipt.split(' ')[0]!) })
      .first()
      .waitFor(WAIT);
    await screenshots(page, 'admin-palette');
    await page.keyboard.type(uz.nav.pages.categories);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/categories`, WAIT);
    expect(await palette.count()).toBe(0);

    // A Cyrillic spelling no label contains: only the server's search finds plov.
    await page.getByRole('button', { name: uz.nav.palette.open }).click();
    await palette.waitFor(WAIT);
    await page.keyboard.type('плов');
    const found = palette.getByRole('option', { name: new RegExp(plov.name.split(' ')[0]!) });
    await found.first().waitFor(WAIT);
    await found.first().click();
    await page.waitForURL(`${server.url}/products/${plov.id}`, WAIT);
    await context.close();
  });

  it('the product table sorts on the server, moves by keyboard and hides a column', async () => {
    const firstBy = async (direction: 'ASC' | 'DESC') =>
      (
        await api<{ products: { edges: { node: { id: string; price: string } }[] } }>(
          'query($o: ProductOrder) { products(first: 1, orderBy: $o, filter: { active: true }) { edges { node { id price } } } }',
          { o: { field: 'PRICE', direction } },
        )
      ).products.edges[0]!.node;
    // Prices may tie: the first row must carry the extreme price, whichever product it is.
    const firstRowPrice = (price: string) =>
      page.locator('tbody tr[data-row-id][data-index="0"]').filter({ hasText: formatMoney(price, uz) });
    const [cheapest, dearest] = [await firstBy('ASC'), await firstBy('DESC')];
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await signIn(context, OWNER, '/products');
    const rows = page.locator('tbody tr[data-row-id]');
    await rows.first().waitFor(WAIT);
    await screenshots(page, 'admin-products-table');

    const priceHeader = page.getByRole('button', { name: uz.products.columns.price });
    await priceHeader.click();
    await page.waitForURL(/sort=price/, WAIT);
    await firstRowPrice(cheapest.price).waitFor(WAIT);
    await priceHeader.click();
    await page.waitForURL(/dir=desc/, WAIT);
    await firstRowPrice(dearest.price).waitFor(WAIT);
    // The sort survives a reload (it is in the URL).
    await page.reload();
    await firstRowPrice(dearest.price).waitFor(WAIT);

    // Keyboard: the active row is the tab stop; ↓ moves, End goes to the last, Enter opens it.
    await rows.first().focus();
    await page.keyboard.press('ArrowDown');
    // The row takes the focus in the render after the key (a state change), not synchronously.
    await page.waitForFunction(() => document.activeElement?.getAttribute('data-index') === '1');
    await page.keyboard.press('End');
    await page.waitForFunction(() => Number(document.activeElement?.getAttribute('data-index')) > 1);
    const lastId = await page.evaluate(() => document.activeElement?.getAttribute('data-row-id'));
    await page.keyboard.press('Enter');
    await page.waitForURL(`${server.url}/products/${lastId}`, WAIT);

    // The column menu hides SKU (and the header goes with it).
    await page.goBack();
    await rows.first().waitFor(WAIT);
    expect(await page.getByRole('columnheader', { name: uz.products.columns.sku }).count()).toBe(1);
    await page.getByRole('button', { name: ui.dataTable.columns }).click();
    await page.getByRole('menuitemcheckbox', { name: uz.products.columns.sku }).click();
    await page.keyboard.press('Escape');
    await page
      .getByRole('columnheader', { name: uz.products.columns.sku })
      .waitFor({ state: 'detached', ...WAIT });
    await context.close();
  });

  it('moves a category by drag and drop, under another and back to the top level', async () => {
    const create = async (name: string) =>
      (
        await api<{ createCategory: { category: { id: string } } }>(
          'mutation($i: CreateCategoryInput!) { createCategory(input: $i) { category { id } } }',
          { i: { name } },
        )
      ).createCategory.category.id;
    const [drinks, juices] = [await create('E2E Ichimliklar'), await create('E2E Sharbatlar')];
    const parentOf = async (id: string) =>
      (
        await api<{ categories: { id: string; parent: { id: string } | null }[] }>(
          '{ categories { id parent { id } } }',
        )
      ).categories.find((c) => c.id === id)?.parent?.id ?? null;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context, OWNER, '/categories');
    const row = (name: string) => page.locator(`[data-testid="category-row"][data-name="${name}"]`);
    await row('E2E Sharbatlar').waitFor(WAIT);

    await row('E2E Sharbatlar').getByTestId('category-drag').dragTo(row('E2E Ichimliklar'));
    await page.getByText(uz.catalog.categories.moved).first().waitFor(WAIT);
    expect(await parentOf(juices)).toBe(drinks);

    // Back to the top level: the zone above the list shows while a row is dragged.
    await row('E2E Sharbatlar').getByTestId('category-drag').hover();
    await page.mouse.down();
    await page.mouse.move(40, 40, { steps: 4 });
    const zone = page.getByTestId('category-drop-root');
    await zone.waitFor(WAIT);
    await zone.hover();
    await page.mouse.up();
    await zone.waitFor({ state: 'hidden', ...WAIT });
    await expect.poll(() => parentOf(juices), WAIT).toBeNull();
    // The keyboard way stays: each row's select.
    expect(await row('E2E Sharbatlar').getByLabel(uz.catalog.categories.moveTo).count()).toBe(1);
    await context.close();
  });

  it("keeps a person's language: chosen in one browser, applied at sign-in in a fresh one", async () => {
    const first = await browser.newContext();
    const page = await signIn(first, manager.email!);
    await page.getByTestId('metrics').waitFor(WAIT);
    await page.getByRole('button', { name: 'RU', exact: true }).click();
    await page.getByRole('heading', { name: ru.dashboard.title }).waitFor(WAIT);
    await first.close();

    // No cookie of the first browser comes along: the staff record carries the choice.
    const fresh = await browser.newContext();
    const again = await signIn(fresh, manager.email!);
    await again.getByRole('heading', { name: ru.dashboard.title }).waitFor(WAIT);
    expect(await again.evaluate(() => document.documentElement.lang)).toBe('ru');
    // Someone who chose nothing still gets the default (Uzbek) in a fresh browser.
    await again.getByRole('button', { name: ru.nav.signOut }).click();
    await again.waitForURL(/\/login/, WAIT);
    const owner = await browser.newContext();
    const ownerPage = await signIn(owner, OWNER);
    await ownerPage.getByRole('heading', { name: uz.dashboard.title }).waitFor(WAIT);
    await owner.close();
    await fresh.close();
  });
});
