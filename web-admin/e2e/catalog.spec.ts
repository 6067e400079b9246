/**
 * Issue 15, the catalog pages in a real browser against the whole backend: create a product
 * (a wrong barcode check digit is explained, then fixed), find it by search and by barcode, change
 * its price and read the price history; import a CSV with one bad row, download the error report,
 * then apply. Screenshots of both themes go to .data/test-artifacts/screenshots/ (docs/images/
 * with JOWI_UPDATE_DOC_IMAGES=1).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ean13 } from '@jowi/demo-data';
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

const runBrowser = adminBrowserSuiteRuns('the catalog browser test');

const uz = dictionaryFor('uz');
const t = uz.catalog;
const demo = e2eTenant('catalog');
const OWNER = `owner@${demo.slug}.uz`;
const PASSWORD = 'jowi-demo';
const IKPU = '10202001001000000';
const WAIT = { timeout: 30_000 };
const IMAGES = screenshotFolder();

describe.skipIf(!runBrowser)('catalog pages in a browser', () => {
  let suite: AdminSuite;
  let server: AdminServer;
  let browser: Browser;
  let api: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

  beforeAll(async () => {
    suite = await startAdminSuite({ tenant: demo, signInAs: { email: OWNER, password: PASSWORD } });
    ({ server, browser, api } = suite);
  }, 600_000);

  afterAll(async () => {
    await suite?.close();
  });

  async function signIn(context: BrowserContext): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel(uz.login.email).fill(OWNER);
    await page.getByLabel(uz.login.password).fill(PASSWORD);
    await page.getByRole('button', { name: uz.login.submit }).click();
    await page.waitForURL((url) => url.pathname !== '/login', WAIT);
    return page;
  }

  /** Light and dark screenshots of the page as it is (the theme is a class on <html>). */
  async function screenshots(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: path.join(IMAGES, `${name}-light.png`), fullPage: true });
    await page.evaluate(() => document.documentElement.classList.add('dark'));
    await page.screenshot({ path: path.join(IMAGES, `${name}-dark.png`), fullPage: true });
    await page.evaluate(() => document.documentElement.classList.remove('dark'));
  }

  const rowsOf = (page: Page) => page.locator('tbody tr[data-row-id]');
  const rowOf = (page: Page, sku: string) =>
    rowsOf(page).filter({ has: page.locator(`[data-sku="${sku}"]`) });

  it('creates a product, finds it by search and by barcode, and shows a price change in its history', async () => {
    const sku = `E2E-QOVUN-${Date.now().toString(36)}`;
    const barcode = ean13(`4781${String(Date.now()).slice(-8)}`);
    const wrongCheckDigit = `${barcode.slice(0, 12)}${(Number(barcode[12]) + 1) % 10}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context);
    await page.goto(`${server.url}/products/new`);
    await page.getByRole('heading', { name: t.form.titleNew }).waitFor(WAIT);
    await page.getByLabel(t.form.name).fill('Qovun, Mirzacho‘l');
    await page.getByLabel(t.form.nameRu).fill('Дыня, Мирзачуль');
    await page.getByLabel(t.form.sku).fill(sku);
    await page.getByLabel(t.form.price).fill('15000');
    await page.getByLabel(t.form.ikpu).fill(IKPU);
    await page.getByLabel(t.form.packageCode).fill('2009');
    await page.getByLabel(t.form.barcodes).fill(wrongCheckDigit);
    await page.getByRole('button', { name: t.form.create }).click();
    // The server refuses the check digit; the form says so on the field and in the summary.
    const checkDigit = t.form.barcodeCheckDigit.replace('{code}', wrongCheckDigit);
    await page.getByText(checkDigit).first().waitFor(WAIT);
    expect(await page.getByLabel(t.form.barcodes).getAttribute('aria-invalid')).toBe('true');
    await screenshots(page, 'admin-products-form-errors');

    await page.getByLabel(t.form.barcodes).fill(barcode);
    await page.getByRole('button', { name: t.form.create }).click();
    await page.waitForURL(/\/products\/[0-9a-f-]{36}$/, WAIT);
    const id = new URL(page.url()).pathname.split('/').at(-1)!;
    await page.getByRole('heading', { name: 'Qovun, Mirzacho‘l' }).waitFor(WAIT);
    await page.getByText(t.form.created, { exact: true }).waitFor(WAIT);

    // Found by a word of its name and by its barcode (the list searches the server).
    await page.goto(`${server.url}/products`);
    const search = page.getByLabel(uz.products.search);
    await search.fill('mirzacho');
    await rowOf(page, sku).waitFor(WAIT);
    await search.fill(barcode);
    await rowsOf(page)
      .nth(1)
      .waitFor({ state: 'detached', ...WAIT });
    await rowOf(page, sku).waitFor(WAIT);
    expect(await rowsOf(page).count()).toBe(1);
    await screenshots(page, 'admin-products');

    // A new price is saved and appears in the price history, above the first one.
    await rowOf(page, sku).getByRole('link').click();
    await page.waitForURL(`${server.url}/products/${id}`, WAIT);
    await page.getByLabel(t.form.price).fill('17500');
    await page.getByRole('button', { name: t.form.save }).click();
    await page.getByText(t.form.saved, { exact: true }).waitFor(WAIT);
    const changes = page.getByTestId('price-change-new');
    await changes.filter({ hasText: formatMoney('17500.00', uz) }).waitFor(WAIT);
    expect(await changes.allTextContents()).toEqual([
      expect.stringContaining(formatMoney('17500.00', uz)),
      expect.stringContaining(formatMoney('15000.00', uz)),
    ]);
    const { product } = await api<{ product: { price: string; barcodes: string[] } }>(
      'query($id: ID!) { product(id: $id) { price barcodes } }',
      { id },
    );
    expect(product).toEqual({ price: '17500.00', barcodes: [barcode] });
    await screenshots(page, 'admin-products-edit');
    await context.close();
  });

  it('imports a CSV with one bad row: the check writes nothing, the report holds the row, the import writes the rest', async () => {
    const prefix = `E2E-IMP-${Date.now().toString(36)}`;
    const csv = [
      'sku,name,price,vat_rate,ikpu,package_code',
      `${prefix}-1,Olma,12000,12,${IKPU},2009`,
      `${prefix}-2,Nok,"13 500,50",12,12345,2009`,
      `${prefix}-3,Uzum,9000,0,${IKPU},2009`,
    ].join('\n');
    const context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
      acceptDownloads: true,
    });
    const page = await signIn(context);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    await page.goto(`${server.url}/products/import`);
    await page.getByRole('heading', { name: t.import.title }).waitFor(WAIT);
    await page.getByLabel(t.import.file).setInputFiles({
      name: 'narxlar.csv',
      mimeType: 'text/csv',
      buffer: Buffer.from(csv),
    });
    await page.getByRole('button', { name: t.import.check }).click();
    const job = page.locator('[data-testid="import-job"][data-status="VALIDATED"]');
    await job.waitFor(WAIT).catch(async (error) => {
      throw new Error(`${error}\n${problems.join('\n')}\n${await page.locator('main').textContent()}`);
    });
    const errors = page.getByTestId('import-row-error');
    expect(await errors.count()).toBe(1);
    expect(await errors.first().getAttribute('data-code')).toBe('INVALID_IKPU');
    expect(await errors.first().textContent()).toContain(t.codes.INVALID_IKPU);
    const count = async (sku: string) =>
      (
        await api<{ products: { edges: unknown[] } }>(
          'query($s: String) { products(filter: { sku: $s }) { edges { cursor } } }',
          { s: sku },
        )
      ).products.edges.length;
    expect(await count(`${prefix}-1`)).toBe(0);

    const [download] = await Promise.all([
      page.waitForEvent('download', WAIT),
      page.getByRole('button', { name: t.import.report }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('narxlar-errors.csv');
    const report = readFileSync((await download.path())!, 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(report).toEqual([
      'sku,name,price,vat_rate,ikpu,package_code,error_row,error_column,error',
      `${prefix}-2,Nok,"13 500,50",12,12345,2009,3,ikpu,${t.codes.INVALID_IKPU}`,
    ]);
    await screenshots(page, 'admin-import');

    await page.getByRole('button', { name: t.import.apply, exact: true }).click();
    await page.locator('[data-testid="import-job"][data-status="APPLIED"]').waitFor(WAIT);
    expect(await count(`${prefix}-1`)).toBe(1);
    expect(await count(`${prefix}-2`)).toBe(0);
    expect(await count(`${prefix}-3`)).toBe(1);
    await screenshots(page, 'admin-import-applied');
    await context.close();
  });

  it('arranges the category tree (a move into its own subcategory is refused) and a modifier group with its range', async () => {
    const tag = Date.now().toString(36);
    const drinks = `E2E Ichimliklar ${tag}`;
    const juices = `E2E Sharbatlar ${tag}`;
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await signIn(context);
    await page.goto(`${server.url}/categories`);
    await page.getByRole('heading', { name: t.categories.title }).waitFor(WAIT);
    for (const name of [drinks, juices]) {
      await page.locator('#category-name').fill(name);
      await page.getByRole('button', { name: t.categories.add }).click();
      await page.locator(`[data-testid="category-row"][data-name="${name}"]`).waitFor(WAIT);
    }
    const row = (name: string) => page.locator(`[data-testid="category-row"][data-name="${name}"]`);
    await row(juices).getByRole('combobox').click();
    await page.getByRole('option', { name: drinks, exact: true }).click();
    await page.getByText(t.categories.moved, { exact: true }).waitFor(WAIT);
    const parentOf = async (name: string) => {
      const { categories } = await api<{ categories: { name: string; parent: { name: string } | null }[] }>(
        '{ categories { name parent { name } } }',
      );
      return categories.find((c) => c.name === name)?.parent?.name ?? null;
    };
    expect(await parentOf(juices)).toBe(drinks);
    await row(drinks).getByRole('combobox').click();
    await page.getByRole('option', { name: `— ${juices}`, exact: true }).click();
    await page.getByText(t.codes.CATEGORY_CYCLE).waitFor(WAIT);
    expect(await parentOf(drinks)).toBeNull();
    await screenshots(page, 'admin-categories');

    const size = `E2E O‘lcham ${tag}`;
    await page.goto(`${server.url}/modifiers`);
    await page.getByRole('button', { name: t.modifiers.add }).click();
    await page.getByLabel(t.modifiers.name).fill(size);
    await page.getByLabel(t.modifiers.min).fill('2');
    await page.getByLabel(t.modifiers.max).fill('1');
    await page.getByLabel(`${t.modifiers.optionName} 1`).fill('Kichik');
    await page.getByRole('button', { name: t.form.save }).click();
    await page.getByText(t.codes.INVALID_MODIFIER_RANGE).first().waitFor(WAIT);
    await page.getByLabel(t.modifiers.min).fill('0');
    await page.getByRole('button', { name: t.modifiers.addOption }).click();
    await page.getByLabel(`${t.modifiers.optionName} 2`).fill('Katta');
    await page.getByLabel(`${t.modifiers.priceDelta} 2`).fill('5000');
    await page.getByRole('button', { name: t.form.save }).click();
    await page.locator(`[data-testid="modifier-group"][data-name="${size}"]`).waitFor(WAIT);
    const { modifierGroups } = await api<{
      modifierGroups: {
        name: string;
        minSelections: number;
        maxSelections: number;
        options: { name: string; priceDelta: string }[];
      }[];
    }>('{ modifierGroups { name minSelections maxSelections options { name priceDelta } } }');
    expect(modifierGroups.find((g) => g.name === size)).toEqual({
      name: size,
      minSelections: 0,
      maxSelections: 1,
      options: [
        { name: 'Kichik', priceDelta: '0.00' },
        { name: 'Katta', priceDelta: '5000.00' },
      ],
    });
    await screenshots(page, 'admin-modifiers');
    await context.close();
  });
});
