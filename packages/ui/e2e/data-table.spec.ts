/**
 * @jowi/ui in a real browser, the data table: a virtualised window of 100 000 rows moved through
 * by keyboard, sorting, filters and the search reported to the server, the column menu, and server
 * paging with its loading, empty and error states. The playground is built once for every spec
 * file (see ./playground.ts).
 */
import { describe, expect, it } from 'vitest';
import { snap, uiBrowserSuiteRuns, usePlayground } from './playground.ts';

describe.skipIf(!uiBrowserSuiteRuns())('@jowi/ui the data table in Chromium', () => {
  const ui = usePlayground();
  const { open, events, lastEvent, focusedIndex, section } = ui;

  it('renders 100 000 rows through a window of a few dozen and moves through them by keyboard', async () => {
    await open();
    const table = ui.page.getByRole('table', { name: 'Mahsulotlar (100 000)' });
    expect(await table.getAttribute('aria-rowcount')).toBe('100002'); // two header rows
    const rendered = table.locator('tbody tr[data-index]');
    expect(await rendered.count()).toBeLessThan(60);

    await table.getByRole('cell', { name: 'SKU-000001' }).click();
    await expect.poll(focusedIndex).toBe('0');
    await ui.page.keyboard.press('ArrowDown');
    await expect.poll(focusedIndex).toBe('1');

    const pageRows = await table.evaluate((element) => {
      const scroller = element.parentElement as HTMLElement;
      const head = element.querySelector('thead')?.getBoundingClientRect().height ?? 0;
      return Math.floor((scroller.clientHeight - head) / 40);
    });
    expect(pageRows).toBeGreaterThan(3);
    await ui.page.keyboard.press('PageDown');
    await expect.poll(focusedIndex).toBe(String(1 + pageRows));
    await ui.page.keyboard.press('PageUp');
    await expect.poll(focusedIndex).toBe('1');

    await ui.page.keyboard.press('End');
    await expect.poll(focusedIndex).toBe('99999');
    expect(await ui.page.evaluate(() => document.activeElement?.textContent)).toContain('SKU-100000');
    expect(await ui.page.evaluate(() => document.activeElement?.getAttribute('aria-rowindex'))).toBe(
      '100002',
    );
    expect(await rendered.count()).toBeLessThan(60);
    await ui.page.keyboard.press('ArrowUp');
    await expect.poll(focusedIndex).toBe('99998');
    await ui.page.keyboard.press('Home');
    await expect.poll(focusedIndex).toBe('0');
    await ui.page.keyboard.press('End');
    await expect.poll(focusedIndex).toBe('99999');
    await ui.page.keyboard.press('Enter');
    expect(await lastEvent('virtual.activate')).toBe('p-100000');
    expect(ui.errors).toEqual([]);
  });

  it('reports sorting, column filters and the search to the server and shows its answer', async () => {
    await open();
    const table = ui.page.getByRole('table', { name: 'Mahsulotlar (100 000)' });
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
    await ui.page.getByRole('option', { name: 'Taomlar' }).click();
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
    const table = ui.page.getByRole('table', { name: 'Mahsulotlar (100 000)' });
    await section('virtual-table').getByRole('button', { name: 'Ustunlar' }).click();
    await ui.page.getByRole('menuitemcheckbox', { name: 'SKU' }).click();
    expect(await lastEvent('virtual.visibility')).toEqual({ sku: false });
    expect(await table.getByRole('columnheader', { name: /SKU/ }).count()).toBe(0);
    expect(await table.locator('tbody tr[data-index="0"] td').count()).toBe(4);
    await ui.page.getByRole('menuitemcheckbox', { name: 'SKU' }).click(); // the menu stays open while toggling
    expect(await lastEvent('virtual.visibility')).toEqual({ sku: true });
    await ui.page.keyboard.press('Escape');
    expect(await table.getByRole('columnheader', { name: /SKU/ }).count()).toBe(1);
  });

  it('pages on the server, returns to the first page on sorting, and shows its loading, empty and error states', async () => {
    await open();
    const area = section('paged-table');
    const table = ui.page.getByRole('table', { name: 'Sahifali jadval' });
    await area.scrollIntoViewIfNeeded();

    await area.getByRole('button', { name: 'Keyingi sahifa' }).click();
    expect(await lastEvent('paged.page')).toEqual({ pageIndex: 1, pageSize: 25 });
    await area.getByText('26–50 / 1\u00a0000').waitFor();
    expect(await table.locator('tbody tr[data-index="0"]').textContent()).toContain('SKU-000026');

    await table.getByRole('columnheader', { name: /Narx/ }).getByRole('button').click();
    expect(await lastEvent('paged.sorting')).toEqual([{ id: 'price', desc: false }]);
    expect(await lastEvent('paged.page')).toEqual({ pageIndex: 0, pageSize: 25 });

    await area.getByRole('combobox', { name: 'Sahifadagi qatorlar' }).click();
    await ui.page.getByRole('option', { name: '50' }).click();
    expect(await lastEvent('paged.page')).toEqual({ pageIndex: 0, pageSize: 50 });
    await area.getByText('1–50 / 1\u00a0000').waitFor();
    expect(await table.locator('tfoot').textContent()).toMatch(/so‘m$/);

    await area.getByRole('button', { name: 'loading' }).click();
    expect(await table.getAttribute('aria-busy')).toBe('true');
    await table.getByRole('status').filter({ hasText: 'Yuklanmoqda…' }).waitFor();
    expect(await table.locator('tbody tr[data-index]').count()).toBe(0);
    await snap(ui.page, 'table-loading');

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
    expect(ui.errors).toEqual([]);
  });
});
