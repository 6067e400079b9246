/**
 * The web admin in a real browser against the whole backend: a fresh migrated + seeded
 * database, every subgraph and the gateway (the test stack), the production build of the admin
 * under `next start`, and Debian's Chromium driven by playwright-core.
 */

import { uiLocales } from '@jowi/ui';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dictionaryFor } from '../src/i18n/dictionaries.ts';
import { formatMoney, formatQuantity } from '../src/lib/format.ts';
import {
  type AdminServer,
  type AdminSuite,
  adminBrowserSuiteRuns,
  e2eTenant,
  startAdminSuite,
} from './admin-suite.ts';

const runBrowser = adminBrowserSuiteRuns('the web-admin browser test');

const uz = dictionaryFor('uz');
const ru = dictionaryFor('ru');
const demo = e2eTenant('admin');
const OWNER = `owner@${demo.slug}.uz`;
const PASSWORD = 'jowi-demo';
const PLOV = 'Osh (plov), 1 porsiya';
/** The product table's first page size. */
const PAGE_SIZE = 50;
const ui = uiLocales.uz.messages.dataTable;
/** The product table's rows (skeleton rows carry no row id). */
const productRows = (page: Page) => page.locator('tbody tr[data-row-id]');
const productRow = (page: Page, sku: string) =>
  productRows(page).filter({ has: page.locator(`[data-sku="${sku}"]`) });
const WAIT = { timeout: 20_000 };

describe.skipIf(!runBrowser)('web admin in a browser', () => {
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

  async function signIn(context: BrowserContext, password = PASSWORD): Promise<Page> {
    const page = await context.newPage();
    // The back office opens on the dashboard; these tests are about the product list.
    await page.goto(`${server.url}/login?next=%2Fproducts`);
    await page.getByLabel(uz.login.email).fill(OWNER);
    await page.getByLabel(uz.login.password).fill(password);
    await page.getByRole('button', { name: uz.login.submit }).click();
    return page;
  }

  it('sends a visitor without a session to the login page', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}/products`);
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/products');
    await context.close();
  });

  it('shows a friendly message for a wrong password and sets no session', async () => {
    const context = await browser.newContext();
    const page = await signIn(context, 'not-the-password');
    // (Next's route announcer is also role=alert, hence the data attribute.)
    const alert = page.locator('[role="alert"][data-code]');
    await alert.waitFor(WAIT);
    expect(await alert.textContent()).toBe(uz.login.errors.INVALID_CREDENTIALS);
    expect(await alert.getAttribute('data-code')).toBe('INVALID_CREDENTIALS');
    expect(new URL(page.url()).pathname).toBe('/login');
    expect(await page.getByLabel(uz.login.email).inputValue()).toBe(OWNER);
    const cookies = await context.cookies();
    expect(cookies.map((c) => c.name)).not.toContain('jowi_at');
    await context.close();
  });

  it('signs the owner in and lists seeded products with price and stock', async () => {
    const { products } = await api<{
      products: { edges: { node: { sku: string; price: string; stock: string } }[] };
    }>(
      'query($s: String) { products(first: 5, filter: { search: $s }) { edges { node { sku price stock } } } }',
      { s: 'plov' },
    );
    const plov = products.edges[0]?.node;
    expect(plov, 'the demo seed has plov').toBeDefined();
    expect(plov!.stock.startsWith('-') || plov!.stock === '0.000', 'plov has opening stock').toBe(false);

    const context = await browser.newContext();
    const problems: string[] = [];
    context.on('weberror', (error) => problems.push(`page error: ${error.error().message}`));
    context.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    const page = await signIn(context);
    await page.waitForURL(`${server.url}/products`, WAIT);
    await page.getByRole('heading', { name: uz.products.title }).waitFor(WAIT);
    const row = productRow(page, plov!.sku);
    await row.getByText(PLOV).waitFor(WAIT);
    expect(await row.textContent()).toContain(formatMoney(plov!.price, uz));
    expect(await row.getByTestId('product-stock').textContent()).toContain(formatQuantity(plov!.stock, uz));

    // The tokens live in httpOnly cookies: browser JavaScript cannot read them.
    const session = (await context.cookies()).filter((c) => c.name === 'jowi_at' || c.name === 'jowi_rt');
    expect(session).toHaveLength(2);
    expect(session.every((c) => c.httpOnly && c.sameSite === 'Lax')).toBe(true);
    expect(await page.evaluate(() => document.cookie)).not.toContain('jowi_at');

    // Search goes to the API (filter.search) after the debounce.
    await page.getByLabel(uz.products.search).fill('somsa');
    await productRows(page)
      .filter({ hasText: PLOV })
      .waitFor({ state: 'detached', ...WAIT });
    expect(await productRows(page).allTextContents()).toEqual([expect.stringContaining('Somsa, tandir')]);
    await page.getByLabel(uz.products.search).fill('no such product xyz');
    await page.getByText(uz.products.noMatchTitle).waitFor(WAIT);
    // No hydration mismatch, no failed request, no uncaught error along the way.
    expect(problems).toEqual([]);
    await context.close();
  });

  it('pages through more products than fit on one page', async () => {
    const { products } = await api<{ products: { edges: unknown[] } }>(
      '{ products(first: 250) { edges { cursor } } }',
    );
    const missing = Math.max(0, PAGE_SIZE + 2 - products.edges.length);
    for (let i = 0; i < missing; i++) {
      const { createProduct } = await api<{ createProduct: { errors: { code: string }[] } }>(
        'mutation($input: CreateProductInput!) { createProduct(input: $input) { errors { code } } }',
        {
          input: {
            sku: `E2E-${i}`,
            name: `E2E mahsulot ${i}`,
            price: '1000.00',
            vatRate: 12,
            ikpu: '10202001001000000',
            packageCode: '1500',
          },
        },
      );
      expect(createProduct.errors).toEqual([]);
    }
    const total = products.edges.length + missing;

    const context = await browser.newContext();
    const page = await signIn(context);
    await page.waitForURL(`${server.url}/products`, WAIT);
    // Server pages: the first PAGE_SIZE products, then the next ones after the page's last cursor.
    const range = page.getByRole('navigation', { name: ui.pagination }).locator('[aria-live]');
    await productRows(page).first().waitFor(WAIT);
    await range.filter({ hasText: `1–${PAGE_SIZE}` }).waitFor(WAIT);
    const firstOnPage1 = await productRows(page).first().getAttribute('data-row-id');
    await page.getByRole('button', { name: ui.nextPage }).click();
    await range.filter({ hasText: new RegExp(`^${PAGE_SIZE + 1}–`) }).waitFor(WAIT);
    // The next page's rows replace the first page's (kept, dimmed, while it loads).
    await page.locator(`tbody tr[data-index="0"]:not([data-row-id="${firstOnPage1}"])`).waitFor(WAIT);
    if (total <= 2 * PAGE_SIZE)
      expect(await page.getByRole('button', { name: ui.nextPage }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: ui.previousPage }).click();
    await range.filter({ hasText: `1–${PAGE_SIZE}` }).waitFor(WAIT);
    await page.locator(`tbody tr[data-index="0"][data-row-id="${firstOnPage1}"]`).waitFor(WAIT);
    await context.close();
  });

  it('rotates the refresh token when the access token has expired', async () => {
    const context = await browser.newContext();
    const page = await signIn(context);
    await page.waitForURL(`${server.url}/products`, WAIT);
    const before = (await context.cookies()).find((c) => c.name === 'jowi_rt')?.value;
    // The access-token cookie expires shortly before the token; simulate that moment.
    await context.clearCookies({ name: 'jowi_at' });
    await page.reload();
    await productRows(page).first().waitFor(WAIT);
    expect(new URL(page.url()).pathname).toBe('/products');
    const after = await context.cookies();
    expect(after.find((c) => c.name === 'jowi_at')?.value).toBeTruthy();
    expect(after.find((c) => c.name === 'jowi_rt')?.value).not.toBe(before);
    await context.close();
  });

  it('switches language and theme, remembers both, and signs out', async () => {
    const context = await browser.newContext();
    const page = await signIn(context);
    await page.waitForURL(`${server.url}/products`, WAIT);

    await page.getByRole('button', { name: 'RU', exact: true }).click();
    await page.getByRole('heading', { name: ru.products.title }).waitFor(WAIT);
    await page.getByRole('button', { name: ru.common.themeToDark }).click();
    await page.getByRole('button', { name: ru.common.themeToLight }).waitFor(WAIT);
    expect(await page.evaluate(() => document.documentElement.className)).toContain('dark');
    // Server actions run one after another: the theme is stored once the language (now also saved
    // on the staff record through the gateway) has been; a reload before that would cancel it.
    await expect
      .poll(async () => (await context.cookies()).find((c) => c.name === 'jowi_theme')?.value, WAIT)
      .toBe('dark');

    await page.reload();
    await page.getByRole('heading', { name: ru.products.title }).waitFor(WAIT);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('ru');
    expect(await page.evaluate(() => document.documentElement.className)).toContain('dark');

    await page.getByRole('button', { name: ru.nav.signOut }).click();
    await page.waitForURL(/\/login$/, WAIT);
    await page.goto(`${server.url}/products`);
    expect(new URL(page.url()).pathname).toBe('/login');
    await context.close();
  });
});
