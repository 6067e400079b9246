/**
 * Customers and loyalty in the back office, in a real browser against the whole backend: find a
 * customer by phone, open the profile, merge a duplicate and see the combined ledger and balance,
 * change the loyalty program (a new version), and an accountant sees all of it read-only.
 * With JOWI_E2E_SCREENSHOTS=<folder> the pages are saved as `admin-customer*-{light,dark}.png`.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { loginHeaders } from '@jowi/system/testing';
import type { Browser, BrowserContext, Page } from 'playwright-core';
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

const runBrowser = adminBrowserSuiteRuns('the customers browser test');

const uz = dictionaryFor('uz');
const t = uz.customers;
const demo = e2eTenant('customers');
const terminalId = demo.stores[0]!.terminals[0]!.id;
const plov = demo.products[0]!;
const manager = demo.staff.find((s) => s.roles.includes('manager'))!;
const OWNER = `owner@${demo.slug}.uz`;
const PASSWORD = 'jowi-demo';
const WAIT = { timeout: 30_000 };
const screenshots = requestedScreenshotFolder();

/** Two records of one person, each with sales before anyone noticed. */
const KEEP = { phone: '+998901112201', local: '90 111 22 01', name: 'Dilnoza Karimova' };
const DUP = { phone: '+998931112201', local: '93 111 22 01', name: 'Dilnoza K.' };

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

describe.skipIf(!runBrowser)('customers and loyalty in a browser', () => {
  let suite: AdminSuite;
  let stack: SuiteStack;
  let server: AdminServer;
  let browser: Browser;
  let api: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
  const ids = { keep: '', dup: '' };

  async function signIn(context: BrowserContext, email: string, next: string): Promise<Page> {
    const page = await context.newPage();
    await page.goto(`${server.url}/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel(uz.login.email).fill(email);
    await page.getByLabel(uz.login.password).fill(PASSWORD);
    await page.getByRole('button', { name: uz.login.submit }).click();
    await page.waitForURL((url) => url.pathname !== '/login', WAIT);
    return page;
  }

  /** Light and dark screenshots of the page as it is (the theme is a class on <html>). */
  async function shoot(page: Page, name: string) {
    if (!screenshots) return;
    mkdirSync(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, `${name}-light.png`), fullPage: true });
    await page.evaluate(() => document.documentElement.classList.add('dark'));
    await page.screenshot({ path: join(screenshots, `${name}-dark.png`), fullPage: true });
    await page.evaluate(() => document.documentElement.classList.remove('dark'));
  }

  async function createCustomer(input: { phone: string; name: string }): Promise<string> {
    const { createCustomer } = await api<{ createCustomer: { customer: { id: string } | null } }>(
      'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } errors { code } } }',
      { i: { phone: input.phone, name: input.name } },
    );
    return createCustomer.customer!.id;
  }

  /** A cash sale of `quantity` plov for `customerId`, synced from the demo till. */
  async function syncSale(customerId: string, quantity: number) {
    const total = money(plov.price * BigInt(quantity));
    const { syncSales } = await api<{ syncSales: { results: { status: string }[] } }>(
      'mutation($input: SyncSalesInput!) { syncSales(input: $input) { results { status } } }',
      {
        input: {
          terminalId,
          sales: [
            {
              id: crypto.randomUUID(),
              createdAt: new Date().toISOString(),
              customerId,
              lines: [{ productId: plov.id, quantity: `${quantity}.000`, unitPrice: money(plov.price) }],
              payments: [{ method: 'CASH', amount: total }],
              total,
            },
          ],
        },
      },
    );
    expect(syncSales.results[0]?.status).toBe('CREATED');
  }

  async function loyaltyOf(id: string) {
    const { customer } = await api<{
      customer: {
        mergedInto: { id: string } | null;
        loyalty: { balance: string; ledger: { edges: unknown[] } };
      };
    }>(
      'query($id: ID!) { customer(id: $id) { mergedInto { id } loyalty { balance ledger(first: 50) { edges { cursor } } } } }',
      {
        id,
      },
    );
    return customer;
  }

  beforeAll(async () => {
    suite = await startAdminSuite({ tenant: demo, signInAs: { email: OWNER, password: PASSWORD } });
    ({ stack, server, browser, api } = suite);
    // 10 % of money paid, at most half a receipt in points; two tiers.
    await api('mutation($i: SetLoyaltyProgramInput!) { setLoyaltyProgram(input: $i) { errors { code } } }', {
      i: {
        enabled: true,
        accrualBps: 1000,
        maxRedeemPercent: 50,
        tiers: [
          { name: 'Kumush', minSpend: '1000000.00', accrualBps: 1200 },
          { name: 'Oltin', minSpend: '5000000.00', accrualBps: 1500 },
        ],
      },
    });
    ids.keep = await createCustomer(KEEP);
    ids.dup = await createCustomer(DUP);
    await syncSale(ids.keep, 2);
    await syncSale(ids.dup, 1);
    await syncSale(ids.dup, 3);
    // The loyalty consumer has applied all three sales.
    await until('the accruals', async () => {
      const [keep, dup] = await Promise.all([loyaltyOf(ids.keep), loyaltyOf(ids.dup)]);
      return keep.loyalty.ledger.edges.length === 1 && dup.loyalty.ledger.edges.length === 2;
    });
  }, 600_000);

  afterAll(async () => {
    await suite?.close();
  });

  it('finds a customer by phone, merges the duplicate after a confirmation and shows the combined ledger', async () => {
    const before = { keep: await loyaltyOf(ids.keep), dup: await loyaltyOf(ids.dup) };
    const expected =
      BigInt(before.keep.loyalty.balance.replace('.', '')) +
      BigInt(before.dup.loyalty.balance.replace('.', ''));
    expect(expected).toBeGreaterThan(0n);

    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await signIn(context, OWNER, '/customers');
    await page.getByRole('heading', { name: t.title }).waitFor(WAIT);
    // The phone as people say it, digits only: the server matches the national number.
    await page.getByTestId('customer-search').fill('901112201');
    // The unfiltered list shows both until the (debounced) search has answered.
    await page.waitForURL(/q=901112201/, WAIT);
    await expect.poll(() => page.getByText(DUP.name).count(), WAIT).toBe(0);
    await page.getByText(KEEP.name).waitFor(WAIT);
    await shoot(page, 'admin-customers');
    await page.getByText(KEEP.name).click();
    await page.waitForURL(`${server.url}/customers/${ids.keep}`, WAIT);
    await page.getByTestId('customer-title').getByText(KEEP.name).waitFor(WAIT);
    await page.locator('[data-testid="ledger-entry"]').first().waitFor(WAIT);
    expect(await page.getByTestId('customer-balance').getAttribute('data-value')).toBe(
      before.keep.loyalty.balance,
    );
    expect(await page.getByTestId('customer-purchases').locator('tbody tr').count()).toBe(1);
    await shoot(page, 'admin-customer');

    await page.getByTestId('merge-open').click();
    const dialog = page.getByRole('dialog', { name: t.merge.title });
    await dialog.getByTestId('merge-search').fill(DUP.local);
    const candidate = dialog.getByTestId('merge-candidate');
    await candidate.getByText(DUP.name).waitFor(WAIT);
    await candidate.getByRole('button', { name: t.merge.pick }).click();
    const confirm = page.getByRole('alertdialog', { name: t.merge.confirmTitle });
    await confirm.waitFor(WAIT);
    expect(await confirm.textContent()).toContain(DUP.phone);
    await shoot(page, 'admin-customer-merge');
    await confirm.getByRole('button', { name: t.merge.confirm }).click();
    await confirm.waitFor({ state: 'detached', ...WAIT });

    // The combined ledger: the duplicate's two accruals moved here, and the merge marker.
    await page.locator('[data-testid="ledger-entry"][data-kind="MERGE"]').waitFor(WAIT);
    expect(
      await page.locator('[data-testid="ledger-entry"][data-moved="true"][data-kind="ACCRUAL"]').count(),
    ).toBe(2);
    expect(await page.locator('[data-testid="ledger-entry"]').count()).toBe(4);
    await until(
      'the merged balance on the page',
      async () => (await page.getByTestId('customer-balance').getAttribute('data-value')) === money(expected),
    );
    expect(await page.getByTestId('customer-merged-from').textContent()).toContain(DUP.phone);
    await shoot(page, 'admin-customer-merged');

    // The server agrees, and the duplicate's page says where it went.
    expect((await loyaltyOf(ids.dup)).mergedInto?.id).toBe(ids.keep);
    expect((await loyaltyOf(ids.keep)).loyalty.balance).toBe(money(expected));
    await page.goto(`${server.url}/customers/${ids.dup}`);
    await page.getByTestId('customer-merged').waitFor(WAIT);
    expect(await page.getByTestId('merge-open').count()).toBe(0);
    await context.close();
  });

  it('changes the loyalty program: a new version with the new rate, listed in the history', async () => {
    const { loyaltyProgram: before } = await api<{ loyaltyProgram: { version: number } }>(
      '{ loyaltyProgram { version } }',
    );
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await signIn(context, OWNER, '/loyalty');
    await page.getByTestId('loyalty-form').waitFor(WAIT);
    expect(await page.getByTestId('loyalty-accrual').inputValue()).toBe('10');
    expect(await page.getByTestId('loyalty-tier').count()).toBe(2);
    // A rate the form refuses before asking the server.
    await page.getByTestId('loyalty-accrual').fill('12,345');
    await page.getByTestId('loyalty-save').click();
    await page.getByText(t.loyalty.invalidPercent).waitFor(WAIT);
    await page.getByTestId('loyalty-accrual').fill('7,5');
    await page.getByTestId('loyalty-save').click();
    await page
      .getByTestId('loyalty-version')
      .getByText(String(before.version + 1))
      .waitFor(WAIT);
    expect(await page.getByTestId('loyalty-history-row').count()).toBe(before.version + 1);
    await shoot(page, 'admin-customer-loyalty');
    const { loyaltyProgram } = await api<{
      loyaltyProgram: { version: number; accrualBps: number; tiers: unknown[] };
    }>('{ loyaltyProgram { version accrualBps tiers { name } } }');
    expect(loyaltyProgram).toEqual({
      version: before.version + 1,
      accrualBps: 750,
      tiers: [{ name: 'Kumush' }, { name: 'Oltin' }],
    });
    await context.close();
  });

  it('shows an accountant customers and the program read-only, and the server refuses their merge', async () => {
    await api('mutation($i: AssignStaffRolesInput!) { assignStaffRoles(input: $i) { errors { code } } }', {
      i: { staffId: manager.id, roles: ['accountant'] },
    });
    try {
      const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
      const page = await signIn(context, manager.email!, `/customers/${ids.keep}`);
      await page.getByTestId('profile-read-only').getByText(t.readOnly).waitFor(WAIT);
      expect(await page.getByTestId('customer-save').count()).toBe(0);
      expect(await page.getByTestId('merge-open').count()).toBe(0);
      // Accountants read reports, so they see full phones.
      expect(await page.getByTestId('customer-title').textContent()).toBe(KEEP.name);
      await page.locator('[data-testid="ledger-entry"]').first().waitFor(WAIT);

      await page.goto(`${server.url}/loyalty`);
      await page.getByTestId('loyalty-read-only').getByText(t.loyalty.readOnly).waitFor(WAIT);
      expect(await page.getByTestId('loyalty-save').count()).toBe(0);
      expect(await page.getByTestId('loyalty-accrual').isDisabled()).toBe(true);

      const accountant = await loginHeaders(stack.gatewayUrl, manager.email!, PASSWORD);
      const response = await fetch(stack.gatewayUrl, {
        method: 'POST',
        headers: accountant,
        body: JSON.stringify({
          query: 'mutation($i: MergeCustomersInput!) { mergeCustomers(input: $i) { errors { code } } }',
          variables: { i: { keepId: ids.dup, mergeId: ids.keep } },
        }),
      });
      const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
      expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      await context.close();
    } finally {
      await api('mutation($i: AssignStaffRolesInput!) { assignStaffRoles(input: $i) { errors { code } } }', {
        i: { staffId: manager.id, roles: ['manager'] },
      });
    }
  });
});
