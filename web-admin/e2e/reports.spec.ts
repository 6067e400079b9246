/**
 * The sales reports in a real browser against the whole backend: a sale synced now shows on
 * `/reports`, and the CSV and XLSX downloads (the page's buttons → the admin's `/api/reports` →
 * the gateway's `/reports` → sales' cursor) carry the same totals as `dailySalesSummary`. The
 * gateway route refuses a caller without credentials. With JOWI_E2E_SCREENSHOTS=<folder> the page
 * is saved as `admin-report-light.png` and `admin-report-dark.png`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
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

const runBrowser = adminBrowserSuiteRuns('the reports browser test');

const uz = dictionaryFor('uz');
const demo = e2eTenant('reports');
const store = demo.stores[0]!;
const terminalId = store.terminals[0]!.id;
const plov = demo.products[0]!;
const PASSWORD = 'jowi-demo';
const WAIT = { timeout: 30_000 };
const screenshots = requestedScreenshotFolder();

const money = (tiyin: bigint) => `${tiyin / 100n}.${(tiyin % 100n).toString().padStart(2, '0')}`;

describe.skipIf(!runBrowser)('sales reports in a browser', () => {
  let suite: AdminSuite;
  let stack: SuiteStack;
  let server: AdminServer;
  let browser: Browser;
  let headers: Record<string, string>;
  let api: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

  async function shoot(page: Page, name: string) {
    if (!screenshots) return;
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, `admin-${name}.png`), fullPage: true });
  }

  beforeAll(async () => {
    suite = await startAdminSuite({
      tenant: demo,
      signInAs: { email: `owner@${demo.slug}.uz`, password: PASSWORD },
    });
    ({ stack, server, browser, headers, api } = suite);
  });

  afterAll(async () => {
    await suite?.close();
  });

  it('refuses a download without credentials at the gateway', async () => {
    const reports = stack.gatewayUrl.replace(
      /\/graphql$/,
      '/reports/by-day.csv?from=2026-01-01&to=2026-01-02',
    );
    expect((await fetch(reports)).status).toBe(401);
    const bad = await fetch(reports, { headers: { authorization: 'Bearer nonsense' } });
    expect(bad.status).toBe(401);
    const ok = await fetch(reports, { headers: { authorization: headers.authorization! } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('Date,Receipts,Revenue');
  });

  it('shows today’s sales and downloads CSV and XLSX with the totals of dailySalesSummary', async () => {
    const id = crypto.randomUUID();
    const total = money(plov.price * 3n);
    await api('mutation($input: SyncSalesInput!) { syncSales(input: $input) { results { status } } }', {
      input: {
        terminalId,
        sales: [
          {
            id,
            createdAt: new Date().toISOString(),
            lines: [{ productId: plov.id, quantity: '3.000', unitPrice: money(plov.price) }],
            payments: [{ method: 'CASH', amount: total }],
            total,
          },
        ],
      },
    });
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: store.timeZone }).format(new Date());
    // Every store of the tenant: the report's totals are the sum of each store's day.
    let expectedNet = 0n;
    let expectedReceipts = 0;
    for (const s of demo.stores) {
      const { dailySalesSummary: d } = await api<{ dailySalesSummary: { receipts: number; net: string } }>(
        'query($s: ID!, $d: Date!) { dailySalesSummary(storeId: $s, date: $d) { receipts net } }',
        { s: s.id, d: today },
      );
      expectedNet += BigInt(d.net.replace('.', ''));
      expectedReceipts += d.receipts;
    }
    expect(expectedReceipts).toBeGreaterThanOrEqual(1);

    const context = await browser.newContext({
      viewport: { width: 1366, height: 900 },
      acceptDownloads: true,
    });
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent(`/reports?from=${today}&to=${today}`)}`);
    await page.getByLabel(uz.login.email).fill(`owner@${demo.slug}.uz`);
    await page.getByLabel(uz.login.password).fill(PASSWORD);
    await page.getByRole('button', { name: uz.login.submit }).click();
    await page.getByRole('heading', { name: uz.reports.title }).waitFor(WAIT);
    const totalRow = page.getByTestId('report-total').first();
    await totalRow.waitFor(WAIT);
    expect(await totalRow.locator('td').nth(1).textContent()).toBe(String(expectedReceipts));
    await shoot(page, 'report-light');

    const csvDownload = page.waitForEvent('download', WAIT);
    await page.getByTestId('download-csv').click();
    const csv = readFileSync((await (await csvDownload).path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    // uz headers; the last line is the totals row: Jami,receipts,revenue,discounts,refunds,net,vat.
    expect(lines[0]).toBe('Sana,Cheklar,Tushum,Chegirmalar,Qaytarishlar,Sof tushum,QQS');
    const totals = lines.at(-1)!.split(',');
    expect(totals[0]).toBe('Jami');
    expect(Number(totals[1])).toBe(expectedReceipts);
    expect(totals[5]).toBe(money(expectedNet));

    const xlsxDownload = page.waitForEvent('download', WAIT);
    await page.getByTestId('download-xlsx').click();
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile((await (await xlsxDownload).path())!);
    const sheet = workbook.worksheets[0]!;
    const last = (sheet.getRow(sheet.rowCount).values as unknown[]).slice(1);
    expect(last[0]).toBe('Jami');
    expect(last[1]).toBe(expectedReceipts);
    expect(money(BigInt(Math.round((last[5] as number) * 100)))).toBe(money(expectedNet));

    // The product tab shows plov with the quantity sold today.
    await page.getByTestId('report-tab-byProduct').click();
    await page.getByRole('cell', { name: plov.name }).first().waitFor(WAIT);

    await context.addCookies([{ name: 'jowi_theme', value: 'dark', url: server.url }]);
    await page.reload();
    await page.getByTestId('report-total').first().waitFor(WAIT);
    await shoot(page, 'report-dark');
    await context.close();
  });
});
