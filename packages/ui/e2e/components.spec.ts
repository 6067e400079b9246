/**
 * @jowi/ui in a real browser. Builds the playground (`packages/ui/playground`, every component
 * mounted with fixtures) once with Vite, serves it with Vite's preview server, and drives
 * Debian's Chromium with playwright-core: keyboard, focus, virtualisation, callbacks and what
 * they carry, announcements, both themes and the contrast of the colour tokens.
 *
 * Components report through `window.__ui.events` (see playground/record.ts). With
 * JOWI_E2E_SCREENSHOTS=<folder> the test saves screenshots for a human to look at.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contrast, painted, resolvedTokens, TEXT_PAIRS, UI_PAIRS } from './contrast.ts';
import { describedBy, snap } from './page-helpers.ts';

const chromiumPath = process.env.JOWI_TEST_CHROMIUM;
const ci = process.env.CI === 'true' || process.env.CI === '1';
if (!chromiumPath && !ci) {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! JOWI_TEST_CHROMIUM is not set: the @jowi/ui browser test is SKIPPED.\n` +
      `!! Run it through \`npm test\` (finds Chromium) or install it: apt-get install -y chromium\n${bar}\n`,
  );
}

const CONFIG_FILE = fileURLToPath(new URL('../playground/vite.config.ts', import.meta.url));
/** 01:30 on Monday 7 December 2026 in Tashkent — still the 6th in UTC. */
const NOW = '2026-12-06T20:30:00.000Z';

interface RecordedEvent {
  name: string;
  payload: unknown;
}

describe.skipIf(!chromiumPath && !ci)('@jowi/ui components in Chromium', () => {
  let outDir = '';
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  const errors: string[] = [];

  beforeAll(async () => {
    if (!chromiumPath) throw new Error('CI=true but JOWI_TEST_CHROMIUM is not set: install chromium.');
    outDir = await mkdtemp(join(tmpdir(), 'jowi-ui-playground-'));
    // The production bundle: the test runner's NODE_ENV=test would select React's dev build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({ configFile: CONFIG_FILE, mode: 'production', logLevel: 'warn', build: { outDir } });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    server = await preview({
      configFile: CONFIG_FILE,
      logLevel: 'warn',
      build: { outDir },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    page = await context.newPage();
    page.on('pageerror', (error) => errors.push(error.message));
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  /** A fresh playground (empty event log, light theme, nothing open). */
  async function open(): Promise<void> {
    const url = server?.resolvedUrls?.local[0];
    if (!url) throw new Error('the preview server has no URL');
    await page.goto(`${url}?now=${NOW}`);
    await page.getByRole('table', { name: 'Mahsulotlar (100 000)' }).waitFor();
  }
  const events = (name: string) =>
    page.evaluate(
      (wanted) => window.__ui.events.filter((e: RecordedEvent) => e.name === wanted).map((e) => e.payload),
      name,
    );
  const lastEvent = async (name: string) => (await events(name)).at(-1);
  const focusedIndex = () => page.evaluate(() => document.activeElement?.getAttribute('data-index') ?? null);
  const section = (id: string) => page.getByTestId(id);
  const focusedText = () => page.evaluate(() => document.activeElement?.textContent ?? null);

  it('renders 100 000 rows through a window of a few dozen and moves through them by keyboard', async () => {
    await open();
    const table = page.getByRole('table', { name: 'Mahsulotlar (100 000)' });
    expect(await table.getAttribute('aria-rowcount')).toBe('100002'); // two header rows
    const rendered = table.locator('tbody tr[data-index]');
    expect(await rendered.count()).toBeLessThan(60);

    await table.getByRole('cell', { name: 'SKU-000001' }).click();
    await expect.poll(focusedIndex).toBe('0');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedIndex).toBe('1');

    const pageRows = await table.evaluate((element) => {
      const scroller = element.parentElement as HTMLElement;
      const head = element.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      return Math.floor((scroller.clientHeight - head) / 40);
    });
    expect(pageRows).toBeGreaterThan(3);
    await page.keyboard.press('PageDown');
    await expect.poll(focusedIndex).toBe(String(1 + pageRows));
    await page.keyboard.press('PageUp');
    await expect.poll(focusedIndex).toBe('1');

    await page.keyboard.press('End');
    await expect.poll(focusedIndex).toBe('99999');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('SKU-100000');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))).toBe('100002');
    expect(await rendered.count()).toBeLessThan(60);
    await page.keyboard.press('ArrowUp');
    await expect.poll(focusedIndex).toBe('99998');
    await page.keyboard.press('Home');
    await expect.poll(focusedIndex).toBe('0');
    await page.keyboard.press('End');
    await expect.poll(focusedIndex).toBe('99999');
    await page.keyboard.press('Enter');
    expect(await lastEvent('virtual.activate')).toBe('p-100000');
    expect(errors).toEqual([]);
  });

  it('reports sorting, column filters and the search to the server and shows its answer', async () => {
    await open();
    const table = page.getByRole('table', { name: 'Mahsulotlar (100 000)' });
    const firstSku = () => table.locator('tbody tr[data-index="0"] td').first().textContent();
    const skuHeader = table.getByRole('columnheader', { name: /SKU/ });

    await skuHeader.getByRole('button').click();
    expect(await lastEvent('virtual.sorting')).toEqual([{ id: 'sku', desc: false }]);
    expect(await skuHeader.getAttribute('aria-sort')).toBe('ascending');
    await skuHeader.getByRole('button').click();
    expect(await lastEvent('virtual.sorting')).toEqual([{ id: 'sku', desc: true }]);
    expect(await skuHeader.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(firstSku).toBe('SKU-100000');
    await skuHeader.getByRole('button').click();
    expect(await lastEvent('virtual.sorting')).toEqual([]);

    await table.getByRole('searchbox', { name: 'Filtr: Nomi' }).fill('plov');
    await expect.poll(() => lastEvent('virtual.filters')).toEqual([{ id: 'name', value: 'plov' }]);
    expect(await table.locator('tbody tr[data-index="0"]').textContent()).toContain('Osh (plov)');
    expect(await table.getAttribute('aria-rowcount')).toBe('10002');

    await table.getByRole('combobox', { name: 'Filtr: Kategoriya' }).click();
    await page.getByRole('option', { name: 'Taomlar' }).click();
    expect(await lastEvent('virtual.filters')).toEqual([
      { id: 'name', value: 'plov' },
      { id: 'category', value: 'Taomlar' },
    ]);

    await section('virtual-table').getByRole('searchbox', { name: 'Qidirish' }).fill('000021');
    await expect.poll(() => lastEvent('virtual.search')).toBe('000021');
    await expect.poll(firstSku).toBe('SKU-000021');
    expect(await table.locator('tbody tr[data-index]').count()).toBe(1);
  });

  it('hides and shows columns from the column menu', async () => {
    await open();
    const table = page.getByRole('table', { name: 'Mahsulotlar (100 000)' });
    await section('virtual-table').getByRole('button', { name: 'Ustunlar' }).click();
    await page.getByRole('menuitemcheckbox', { name: 'SKU' }).click();
    expect(await lastEvent('virtual.visibility')).toEqual({ sku: false });
    expect(await table.getByRole('columnheader', { name: /SKU/ }).count()).toBe(0);
    expect(await table.locator('tbody tr[data-index="0"] td').count()).toBe(4);
    await page.getByRole('menuitemcheckbox', { name: 'SKU' }).click(); // the menu stays open while toggling
    expect(await lastEvent('virtual.visibility')).toEqual({ sku: true });
    await page.keyboard.press('Escape');
    expect(await table.getByRole('columnheader', { name: /SKU/ }).count()).toBe(1);
  });

  it('pages on the server, returns to the first page on sorting, and shows its loading, empty and error states', async () => {
    await open();
    const area = section('paged-table');
    const table = page.getByRole('table', { name: 'Sahifali jadval' });
    await area.scrollIntoViewIfNeeded();

    await area.getByRole('button', { name: 'Keyingi sahifa' }).click();
    expect(await lastEvent('paged.page')).toEqual({ pageIndex: 1, pageSize: 25 });
    await area.getByText('26–50 / 1\u00a0000').waitFor();
    expect(await table.locator('tbody tr[data-index="0"]').textContent()).toContain('SKU-000026');

    await table.getByRole('columnheader', { name: /Narx/ }).getByRole('button').click();
    expect(await lastEvent('paged.sorting')).toEqual([{ id: 'price', desc: false }]);
    expect(await lastEvent('paged.page')).toEqual({ pageIndex: 0, pageSize: 25 });

    await area.getByRole('combobox', { name: 'Sahifadagi qatorlar' }).click();
    await page.getByRole('option', { name: '50' }).click();
    expect(await lastEvent('paged.page')).toEqual({ pageIndex: 0, pageSize: 50 });
    await area.getByText('1–50 / 1\u00a0000').waitFor();
    expect(await table.locator('tfoot').textContent()).toMatch(/so‘m$/);

    await area.getByRole('button', { name: 'loading' }).click();
    expect(await table.getAttribute('aria-busy')).toBe('true');
    await table.getByRole('status').filter({ hasText: 'Yuklanmoqda…' }).waitFor();
    expect(await table.locator('tbody tr[data-index]').count()).toBe(0);
    await snap(page, 'table-loading');

    await area.getByRole('button', { name: 'refreshing' }).click();
    await area.getByRole('status').filter({ hasText: 'Yangilanmoqda…' }).waitFor();
    expect(await table.locator('tbody tr[data-index]').count()).toBeGreaterThan(0);

    await area.getByRole('button', { name: 'error' }).click();
    const alert = table.getByRole('alert');
    expect(await alert.textContent()).toContain('Ma’lumotlarni yuklab bo‘lmadi');
    expect(await alert.textContent()).toContain('Server javob bermadi (503).');
    await alert.getByRole('button', { name: 'Qayta urinish' }).click();
    expect(await events('paged.retry')).toHaveLength(1);
    expect(await table.locator('tbody tr[data-index]').count()).toBeGreaterThan(0);

    await area.getByRole('button', { name: 'empty' }).click();
    await table.getByText('Hozircha hech narsa yo‘q').waitFor();
    await table.getByRole('searchbox', { name: 'Filtr: Nomi' }).fill('xyz');
    await table.getByText('Filtrlarga mos natija topilmadi').waitFor();
    await table.getByRole('button', { name: 'Filtrlarni tozalash' }).click();
    expect(await lastEvent('paged.filters')).toEqual([]);
    await table.getByText('Hozircha hech narsa yo‘q').waitFor();
    expect(errors).toEqual([]);
  });

  it('keeps focus inside a dialog, closes it with Escape and returns focus to its trigger', async () => {
    await open();
    const trigger = page.getByRole('button', { name: 'Kategoriya qo‘shish' });
    await trigger.click();
    const dialog = page.getByRole('dialog', { name: 'Yangi kategoriya' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-describedby')).not.toBeNull();
    await snap(page, 'dialog');
    const insideDialog = () =>
      page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));
    expect(await insideDialog()).toBe(true);
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      expect(await insideDialog()).toBe(true);
    }
    for (let i = 0; i < 3; i++) {
      await page.keyboard.press('Shift+Tab');
      expect(await insideDialog()).toBe(true);
    }
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await trigger.evaluate((element) => element === document.activeElement)).toBe(true);

    // A destructive confirmation starts on Cancel, so Enter alone deletes nothing.
    await page.getByRole('button', { name: '12 ta mahsulotni o‘chirish' }).click();
    const confirm = page.getByRole('alertdialog', { name: '12 ta mahsulot o‘chirilsinmi?' });
    await confirm.waitFor();
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Bekor qilish');
    await page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    expect(await events('confirm.delete')).toEqual([]);
    await page.getByRole('button', { name: '12 ta mahsulotni o‘chirish' }).click();
    await confirm.getByRole('button', { name: '12 ta mahsulotni o‘chirish' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await events('confirm.delete')).toEqual([12]);
  });

  it('closes the dialog with Escape while a toast shown from it sits on top', async () => {
    await open();
    const trigger = page.getByRole('button', { name: 'Kategoriya qo‘shish' });
    await trigger.click();
    const dialog = page.getByRole('dialog', { name: 'Yangi kategoriya' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Saqlash' }).click();
    expect(await events('dialog.save')).toHaveLength(1);
    // The toast is mounted after the dialog, so it is the layer Radix gives Escape to.
    const toast = page.locator('li').filter({ hasText: 'Kategoriya saqlandi' });
    await toast.waitFor();
    await snap(page, 'dialog-under-toast');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await trigger.evaluate((element) => element === document.activeElement)).toBe(true);
    // The toast was only a confirmation: it stays until it times out or is dismissed.
    expect(await toast.isVisible()).toBe(true);
    // With no dialog open, Escape is the toast's again (focus on it, as F8 puts it there).
    await toast.focus();
    await page.keyboard.press('Escape');
    await toast.waitFor({ state: 'detached' });
  });

  it('opens the command palette with Ctrl+K, filters by label and keywords, and runs with Enter', async () => {
    await open();
    await page.keyboard.press('Control+k');
    const palette = page.getByRole('dialog', { name: 'Buyruqlar' });
    await palette.waitFor();
    const input = palette.getByRole('combobox');
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await palette.getByRole('option').count()).toBe(6);
    await page.keyboard.type('товары'); // a Russian keyword of "Mahsulotlar"
    await expect.poll(() => palette.getByRole('option').allTextContents()).toEqual(['Mahsulotlar']);
    await snap(page, 'palette');
    await page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    expect(await events('palette.run')).toEqual(['products']);

    await page.keyboard.press('Control+k');
    await palette.waitFor();
    await page.keyboard.type('smen');
    await expect.poll(() => palette.getByRole('option').allTextContents()).toEqual(['Smenalar']);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('qwxz');
    await palette.getByText('Hech narsa topilmadi').waitFor();
    await page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    expect(await events('palette.run')).toEqual(['products']);
  });

  it('shows a toast as a status message with one action', async () => {
    await open();
    await section('overlays').getByRole('button', { name: 'Saqlash' }).click();
    // Radix announces the toast through a polite role="status" live region…
    const announcement = page.getByRole('status').filter({ hasText: 'Mahsulot saqlandi' });
    await announcement.waitFor();
    expect(await announcement.textContent()).toContain('Bildirishnoma');
    expect(await announcement.getAttribute('aria-live')).toBe('polite');
    // …and shows it in the notifications region (F8 jumps there), with its one action.
    const toast = page.getByRole('region', { name: 'Bildirishnomalar (F8)' }).getByRole('listitem');
    expect(await toast.textContent()).toContain('Osh (plov) — 45 000 so‘m');
    await snap(page, 'toast');
    await toast.getByRole('button', { name: 'Bekor qilish' }).click();
    expect(await events('toast.undo')).toHaveLength(1);
    await toast.waitFor({ state: 'detached' });
  });

  it('works the select, the dropdown menu and the tabs from the keyboard', async () => {
    await open();
    const select = page.getByRole('combobox', { name: 'To‘lov usuli' });
    await select.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('listbox').waitFor();
    // Keys go to the list once it has moved focus to its first option.
    await expect.poll(focusedText).toBe('Naqd');
    await page.keyboard.press('ArrowDown');
    // Enter only once focus has moved (on a loaded machine the list may take a frame).
    await expect.poll(focusedText).not.toBe('Naqd');
    await page.keyboard.press('Enter');
    await expect.poll(() => lastEvent('select.payment')).toBe('CARD');
    expect(await select.textContent()).toContain('Karta');
    expect(await select.evaluate((element) => element === document.activeElement)).toBe(true);

    const actions = page.getByRole('button', { name: 'Amallar' });
    await actions.focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menu').waitFor();
    await expect.poll(focusedText).toBe('Tahrirlash');
    await page.keyboard.press('ArrowDown');
    await expect.poll(focusedText).not.toBe('Tahrirlash');
    await page.keyboard.press('Enter');
    await expect.poll(() => events('menu.run')).toEqual(['duplicate']);
    await page.getByRole('menu').waitFor({ state: 'detached' });
    expect(await actions.evaluate((element) => element === document.activeElement)).toBe(true);

    await page.getByRole('tab', { name: 'Hammasi' }).focus();
    await page.keyboard.press('ArrowRight');
    await expect
      .poll(() => page.getByRole('tab', { name: 'Faol' }).getAttribute('aria-selected'))
      .toBe('true');
    expect(await page.getByRole('tabpanel').textContent()).toBe('Faol mahsulotlar.');

    await page.getByRole('button', { name: 'Sof savdo ⓘ' }).focus();
    await expect.poll(() => page.getByRole('tooltip').textContent()).toContain('Sof savdo = yalpi savdo');
  });

  it('wires zod messages to their fields and links the error summary to them', async () => {
    await open();
    const form = section('form');
    await form.getByRole('button', { name: 'Saqlash' }).click();
    const summary = form.getByRole('alert');
    await summary.waitFor();
    expect(await summary.evaluate((element) => element === document.activeElement)).toBe(true);
    const name = form.getByRole('textbox', { name: 'Nomi' });
    expect(await name.getAttribute('aria-invalid')).toBe('true');
    expect(await name.getAttribute('aria-required')).toBe('true');
    expect(await describedBy(name)).toBe('Nomi kamida 2 ta harf bo‘lsin');
    const ikpu = form.getByRole('textbox', { name: 'IKPU' });
    expect(await describedBy(ikpu)).toBe('17 ta raqam, tasnif.soliq.uz dan IKPU 17 ta raqamdan iborat');
    expect(await describedBy(form.getByRole('textbox', { name: 'Narx' }))).toContain('Narxni kiriting');
    await snap(page, 'form-errors');

    await summary.getByRole('link', { name: 'IKPU: IKPU 17 ta raqamdan iborat' }).click();
    expect(await ikpu.evaluate((element) => element === document.activeElement)).toBe(true);

    await name.fill('Osh (plov)');
    await ikpu.fill('10202001001000000');
    await form.getByRole('textbox', { name: 'Narx' }).fill('45000');
    await form.getByRole('button', { name: 'Saqlash' }).click();
    expect(await lastEvent('form.submit')).toEqual({
      name: 'Osh (plov)',
      ikpu: '10202001001000000',
      price: '45000.00',
    });
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await name.getAttribute('aria-invalid')).toBeNull();
  });

  it('refuses a third decimal in money and emits Money strings with bigint tiyin, never a float', async () => {
    await open();
    const amount = page.getByRole('textbox', { name: 'Summa' });
    expect(await amount.inputValue()).toBe('125\u00a0000,00');
    await amount.fill('');
    expect(await lastEvent('money')).toEqual({ value: null, units: null, unitsType: 'object' });
    await amount.pressSequentially('12 500,5');
    expect(await lastEvent('money')).toEqual({
      value: '12500.50',
      units: { bigint: '1250050' },
      unitsType: 'bigint',
    });
    await amount.press('7');
    expect(await lastEvent('money')).toEqual({
      value: '12500.57',
      units: { bigint: '1250057' },
      unitsType: 'bigint',
    });
    await amount.press('3');
    expect(await amount.inputValue()).toBe('12 500,57');
    expect(await lastEvent('money.refused')).toBe('TOO_MANY_DECIMALS');
    await amount.press('x');
    expect(await lastEvent('money.refused')).toBe('INVALID');
    expect(await amount.inputValue()).toBe('12 500,57');
    expect(await lastEvent('money')).toEqual({
      value: '12500.57',
      units: { bigint: '1250057' },
      unitsType: 'bigint',
    });
    await amount.press('Backspace');
    await amount.blur();
    expect(await amount.inputValue()).toBe('12\u00a0500,50');
    expect(await page.getByTestId('amounts-display').textContent()).toContain('12\u00a0500,50\u00a0so‘m');

    // Large amounts stay exact: 2^53 tiyin and beyond.
    await amount.fill('90071992547409,93');
    expect(await lastEvent('money')).toEqual({
      value: '90071992547409.93',
      units: { bigint: '9007199254740993' },
      unitsType: 'bigint',
    });

    const weight = page.getByRole('textbox', { name: 'Og‘irlik' });
    await weight.pressSequentially('1.5');
    expect(await lastEvent('quantity')).toEqual({
      value: '1.500',
      units: { bigint: '1500' },
      unitsType: 'bigint',
    });
    await weight.pressSequentially('254');
    expect(await weight.inputValue()).toBe('1.525');
    expect(await lastEvent('quantity')).toEqual({
      value: '1.525',
      units: { bigint: '1525' },
      unitsType: 'bigint',
    });

    for (const event of [...(await events('money')), ...(await events('quantity'))] as { value: unknown }[]) {
      expect(event.value === null || typeof event.value === 'string').toBe(true);
    }
  });

  it('emits business days and UTC instants of Asia/Tashkent from presets and the calendar', async () => {
    await open();
    const trigger = page.getByRole('button', { name: 'Sanalarni tanlang' });
    await trigger.click();
    await snap(page, 'date-range');
    await page.getByRole('button', { name: 'Bugun' }).click();
    expect(await lastEvent('dateRange')).toEqual({
      from: '2026-12-07',
      to: '2026-12-07',
      start: '2026-12-06T19:00:00.000Z',
      end: '2026-12-07T19:00:00.000Z',
      timeZone: 'Asia/Tashkent',
      preset: 'today',
    });
    const picker = page.locator('#period');
    expect(await picker.textContent()).toContain('Bugun');

    await picker.click();
    await page.getByRole('button', { name: 'O‘tgan hafta' }).click();
    expect(await lastEvent('dateRange')).toMatchObject({
      from: '2026-11-30',
      to: '2026-12-06',
      preset: 'lastWeek',
    });
    await picker.click();
    await page.getByRole('button', { name: 'O‘tgan oy' }).click();
    expect(await lastEvent('dateRange')).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      start: '2026-10-31T19:00:00.000Z',
      end: '2026-11-30T19:00:00.000Z',
    });

    // A custom range from the calendar; days after today are disabled.
    await picker.click();
    const grid = page.getByRole('grid');
    await grid.getByRole('button', { name: /30/ }).first().waitFor();
    await page.getByRole('button', { name: /next month/i }).click();
    expect(await grid.getByRole('button', { name: /\b8\b/ }).first().isDisabled()).toBe(true);
    await grid.getByRole('button', { name: /\b3\b/ }).first().click();
    await grid.getByRole('button', { name: /\b5\b/ }).first().click();
    await page.getByRole('button', { name: 'Qo‘llash' }).click();
    expect(await lastEvent('dateRange')).toEqual({
      from: '2026-12-03',
      to: '2026-12-05',
      start: '2026-12-02T19:00:00.000Z',
      end: '2026-12-05T19:00:00.000Z',
      timeZone: 'Asia/Tashkent',
      preset: null,
    });
    // Chromium has no Uzbek date data (its Intl writes "2026 M12 3"): @jowi/receipt spells it.
    const shown = await picker.textContent();
    expect(shown).toContain('3–5-dekabr, 2026');
    expect(shown).not.toMatch(/M\d/);
    expect(errors).toEqual([]);
  });

  it('shows dashboard tiles with their change, its sense, and the metric definition', async () => {
    await open();
    const tiles = section('chart');
    const net = tiles.getByText('+12,5 %');
    expect(await net.textContent()).toBe('▲ +12,5 % o‘tgan dushanbaga nisbatan');
    expect(await net.getAttribute('class')).toContain('text-success');
    // Refunds going up is bad news, drawn as such.
    const refunds = tiles.locator('p', { hasText: /\+2\b/ });
    expect(await refunds.getAttribute('class')).toContain('text-destructive');
    // Reached by keyboard (Tab), the info button shows the definition.
    await tiles.getByRole('button', { name: /^Sof savdo = / }).focus();
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.getByRole('tooltip').textContent()).toContain('chegirmalar');
    expect(await page.getByRole('status').filter({ hasText: 'Sinov sahifasi' }).count()).toBe(1);
  });

  it('renders both themes with every text token pair at 4.5:1 or more and UI colours at 3:1', async () => {
    await open();
    const backgrounds: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate(
        (dark) => document.documentElement.classList.toggle('dark', dark),
        theme === 'dark',
      );
      const colours = await resolvedTokens(page);
      for (const [text, background] of TEXT_PAIRS) {
        const ratio = contrast(colours[text], colours[background]);
        expect(
          ratio,
          `${theme}: --${text} on --${background} is ${ratio.toFixed(2)}:1`,
        ).toBeGreaterThanOrEqual(4.5);
      }
      for (const [ui, background] of UI_PAIRS) {
        const ratio = contrast(colours[ui], colours[background]);
        expect(ratio, `${theme}: --${ui} on --${background} is ${ratio.toFixed(2)}:1`).toBeGreaterThanOrEqual(
          3,
        );
      }
      backgrounds.push(await page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      // The chart's bars are painted with the theme's series colour.
      const bar = page.getByTestId('chart').locator('.recharts-bar-rectangle path').first();
      await bar.waitFor();
      const fill = await bar.evaluate((element) => getComputedStyle(element).fill);
      expect(await painted(page, fill)).toEqual(colours['chart-1']);
      await snap(page, `playground-${theme}`, true);
    }
    expect(new Set(backgrounds).size).toBe(2);
    expect(errors).toEqual([]);
  });
});
