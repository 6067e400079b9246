/**
 * Issue 18's people and devices in a real browser against the whole backend: the owner adds a
 * cashier and sets their PIN, pairs a till with a code shown once, the cashier signs in on that
 * till with the PIN (a host-level PIN sign-in through the API, as the POS host does it), the owner
 * disables the cashier and the PIN is refused; an API key created on its page works from `curl`;
 * the audit chain verifies. Screenshots of staff, roles, terminals and audit in both themes go to
 * .data/test-artifacts/screenshots/ (docs/images/ with JOWI_UPDATE_DOC_IMAGES=1).
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dictionaryFor, fill } from '../src/i18n/dictionaries.ts';
import {
  type AdminServer,
  type AdminSuite,
  adminBrowserSuiteRuns,
  e2eTenant,
  type SuiteStack,
  startAdminSuite,
} from './admin-suite.ts';
import { screenshotFolder } from './screenshots.ts';

const runBrowser = adminBrowserSuiteRuns('the people and devices browser test');

const uz = dictionaryFor('uz');
const t = uz.settings;
const demo = e2eTenant('settings');
const OWNER = `owner@${demo.slug}.uz`;
const PASSWORD = 'jowi-demo';
const WAIT = { timeout: 30_000 };
const IMAGES = screenshotFolder();
const CASHIER = 'Madina Yusupova';
const PIN = '4827';

type LoginAnswer = { accessToken: string | null; errors: { code: string }[] };

describe.skipIf(!runBrowser)('people and devices in a browser', () => {
  let suite: AdminSuite;
  let stack: SuiteStack;
  let server: AdminServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  /** Anonymous GraphQL through the gateway, as a POS calls it. */
  let anonymous: <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;
  let device: { terminalId: string; deviceSecret: string } | null = null;
  /** The cashier's access token from the PIN sign-in, not yet used at the gateway. */
  let cashierToken = '';

  beforeAll(async () => {
    suite = await startAdminSuite({ tenant: demo });
    ({ stack, server, browser, api: anonymous } = suite);
    context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    await page.goto(`${server.url}/login`);
    await page.getByLabel(uz.login.email).fill(OWNER);
    await page.getByLabel(uz.login.password).fill(PASSWORD);
    await page.getByRole('button', { name: uz.login.submit }).click();
    await page.waitForURL((url) => url.pathname !== '/login', WAIT);
  }, 600_000);

  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  /** Light and dark screenshots of the page as it is (the theme is a class on <html>). */
  async function screenshots(name: string): Promise<void> {
    await page.screenshot({ path: path.join(IMAGES, `${name}-light.png`), fullPage: true });
    await page.evaluate(() => document.documentElement.classList.add('dark'));
    await page.screenshot({ path: path.join(IMAGES, `${name}-dark.png`), fullPage: true });
    await page.evaluate(() => document.documentElement.classList.remove('dark'));
  }

  const pinLogin = (pin: string) =>
    anonymous<{ terminalPinLogin: LoginAnswer }>(
      `mutation($i: TerminalPinLoginInput!) { terminalPinLogin(input: $i) { accessToken errors { code } } }`,
      { i: { terminalId: device!.terminalId, deviceSecret: device!.deviceSecret, pin } },
    ).then((d) => d.terminalPinLogin);
  const staffRow = () => page.getByRole('row').filter({ hasText: CASHIER });

  it('adds a cashier and sets a PIN, refusing a trivial one with the reason', async () => {
    await page.goto(`${server.url}/settings/staff`);
    await page.getByRole('heading', { name: t.staff.title }).waitFor(WAIT);
    await page.getByRole('button', { name: t.staff.add }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(t.staff.form.name).fill(CASHIER);
    await dialog.getByRole('button', { name: t.staff.add }).click();
    await dialog.waitFor({ state: 'detached', ...WAIT });
    await staffRow().waitFor(WAIT);
    expect(await staffRow().textContent()).toContain(t.staff.pinMissing);

    await staffRow().getByRole('button', { name: t.staff.setPin }).click();
    const pinDialog = page.getByRole('dialog');
    await pinDialog.getByLabel(t.staff.form.pin).fill('1234');
    await pinDialog.getByRole('button', { name: t.common.save }).click();
    await pinDialog.getByText(t.errors.PIN_TOO_SIMPLE!).waitFor(WAIT);
    await pinDialog.getByLabel(t.staff.form.pin).fill(PIN);
    await pinDialog.getByRole('button', { name: t.common.save }).click();
    await pinDialog.waitFor({ state: 'detached', ...WAIT });
    await staffRow().getByText(t.staff.pinSet).waitFor(WAIT);
    await screenshots('admin-staff');
  });

  it('shows a pairing code once, pairs a till with it, and the cashier signs in there with the PIN', async () => {
    await page.goto(`${server.url}/settings/terminals`);
    await page.getByRole('heading', { name: t.terminals.title }).waitFor(WAIT);
    const card = page.locator('[data-testid="terminal-card"]').first();
    await card.waitFor(WAIT);
    const terminalName = await card.getAttribute('data-name');
    await card.getByRole('button', { name: t.terminals.pair }).click();
    const shown = page.locator('[data-testid="pairing-code"]');
    await shown.waitFor(WAIT);
    const code = (await shown.textContent())!.replace(/\s/g, '');
    expect(code).toMatch(/^[0-9]{8}$/);
    await page.getByRole('button', { name: t.common.close }).first().click();

    const paired = await anonymous<{
      pairTerminal: { terminalId: string; deviceSecret: string; errors: unknown[] };
    }>(
      'mutation($i: PairTerminalInput!) { pairTerminal(input: $i) { terminalId deviceSecret errors { code } } }',
      { i: { code, deviceName: 'E2E Kassa (Lenovo)' } },
    );
    expect(paired.pairTerminal.errors).toEqual([]);
    device = paired.pairTerminal;
    // The code worked once: a second device cannot use it.
    const again = await anonymous<{ pairTerminal: { errors: { code: string }[] } }>(
      'mutation($i: PairTerminalInput!) { pairTerminal(input: $i) { errors { code } } }',
      { i: { code, deviceName: 'Second' } },
    );
    expect(again.pairTerminal.errors.map((e) => e.code)).toEqual(['PAIRING_CODE_INVALID']);

    const session = await pinLogin(PIN);
    expect(session.errors).toEqual([]);
    expect(session.accessToken).toBeTruthy();
    cashierToken = session.accessToken!;

    await page.reload();
    const sameCard = page.locator(`[data-testid="terminal-card"][data-name="${terminalName}"]`);
    await sameCard.getByText('E2E Kassa (Lenovo)').waitFor(WAIT);
    await screenshots('admin-terminals');
  });

  it('disables the cashier: the PIN is refused at once', async () => {
    await page.goto(`${server.url}/settings/staff`);
    await staffRow().waitFor(WAIT);
    await staffRow().getByRole('button', { name: t.staff.disable }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: t.staff.disable }).click();
    await staffRow().getByText(t.staff.disabled).waitFor(WAIT);
    const refused = await pinLogin(PIN);
    expect(refused.accessToken).toBeNull();
    expect(refused.errors.map((e) => e.code)).toEqual(['INVALID_CREDENTIALS']);
    // The access token issued before is still validly signed, but the gateway's fresh verdict
    // asks identity, which says the person is disabled.
    const response = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${cashierToken}` },
      body: JSON.stringify({ query: '{ me { id } }' }),
    });
    expect(response.status).toBe(401);
    const body = (await response.json()) as { errors: { extensions: { reason?: string } }[] };
    expect(body.errors[0]!.extensions.reason).toBe('STAFF_DISABLED');
  });

  it('shows roles with what the owner may grant', async () => {
    await page.goto(`${server.url}/settings/roles`);
    await page.locator('[data-testid="role-card"][data-name="cashier"]').waitFor(WAIT);
    await screenshots('admin-roles');
  });

  it('creates an API key whose secret is shown once and works from curl', async () => {
    await page.goto(`${server.url}/settings/api-keys`);
    await page.getByRole('heading', { name: t.apiKeys.title }).waitFor(WAIT);
    await page.getByRole('button', { name: t.apiKeys.add }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel(t.apiKeys.name).fill('1C eksport');
    await dialog.getByRole('button', { name: t.apiKeys.add }).click();
    const secretBox = page.locator('[data-testid="api-key-secret"]');
    await secretBox.waitFor(WAIT);
    const secret = await secretBox.inputValue();
    expect(secret).toMatch(/^jowi_[a-z0-9]{8}_/);

    const { stdout } = await promisify(execFile)('curl', [
      '-s',
      '-H',
      `authorization: Bearer ${secret}`,
      '-H',
      'content-type: application/json',
      '-d',
      JSON.stringify({ query: '{ products(first: 1) { edges { node { id name } } } }' }),
      stack.gatewayUrl,
    ]);
    const answer = JSON.parse(stdout) as { data?: { products: { edges: unknown[] } }; errors?: unknown[] };
    expect(answer.errors).toBeUndefined();
    expect(answer.data!.products.edges).toHaveLength(1);
    await page.getByRole('button', { name: t.common.close }).first().click();
    await page.getByRole('row').filter({ hasText: '1C eksport' }).waitFor(WAIT);
  });

  it('verifies the audit chain and says so plainly', async () => {
    await page.goto(`${server.url}/audit?action=staff.disabled`);
    await page.getByRole('row').filter({ hasText: 'staff.disabled' }).first().waitFor(WAIT);
    await page.goto(`${server.url}/audit`);
    await page.getByRole('row').filter({ hasText: 'staff.pin_set' }).first().waitFor(WAIT);
    await page.locator('[data-testid="verify-chain"]').click();
    const verdict = page.locator('[data-testid="chain-verdict"]');
    await verdict.waitFor(WAIT);
    const text = (await verdict.textContent()) ?? '';
    const [before, after] = t.audit.chainOk.split('{entries}');
    expect(text).toContain(before!);
    expect(text).toContain(after!.split('\n')[0]!);
    expect(text).not.toContain(fill(t.audit.chainBroken, { seq: '' }).slice(0, 12));
    await screenshots('admin-audit');
  });

  it('fits the whole time of an entry in the audit time column in uz, ru and en', async () => {
    /** The time cells whose text is cut off (the cell clips what does not fit). */
    const cutOff = () =>
      page.locator('[data-testid="audit-time"]').evaluateAll((spans) =>
        spans
          .map((span) => span.closest('td')!)
          .filter((cell) => cell.scrollWidth > cell.clientWidth)
          .map((cell) => cell.textContent),
      );
    const shapes = {
      uz: /^\d{1,2}-[a-z]+, \d{4}, \d{2}:\d{2}$/,
      ru: /^\d{2}\.\d{2}\.\d{4}/,
      en: /\d{4}|\d{2}$/,
    };
    try {
      for (const locale of ['uz', 'ru', 'en'] as const) {
        await context.addCookies([{ name: 'jowi_locale', value: locale, url: server.url }]);
        await page.goto(`${server.url}/audit`);
        const first = page.locator('[data-testid="audit-time"]').first();
        await first.waitFor(WAIT);
        expect(await first.textContent()).toMatch(shapes[locale]);
        expect(await cutOff()).toEqual([]);
      }
    } finally {
      await context.addCookies([{ name: 'jowi_locale', value: 'uz', url: server.url }]);
    }
  });
});
