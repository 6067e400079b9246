/**
 * @jowi/ui in a real browser, forms and inputs: zod messages wired to their fields and the error
 * summary, money and quantity inputs (bigint tiyin, never a float) and the date-range picker in
 * Asia/Tashkent. The playground is built once for every spec file (see ./playground.ts).
 */
import type { Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { snap, uiBrowserSuiteRuns, usePlayground } from './playground.ts';

describe.skipIf(!uiBrowserSuiteRuns())('@jowi/ui forms and inputs in Chromium', () => {
  const ui = usePlayground();
  const { open, events, lastEvent, section } = ui;

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
    await snap(ui.page, 'form-errors');

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
    const amount = ui.page.getByRole('textbox', { name: 'Summa' });
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
    expect(await ui.page.getByTestId('amounts-display').textContent()).toContain('12\u00a0500,50\u00a0so‘m');

    // Large amounts stay exact: 2^53 tiyin and beyond.
    await amount.fill('90071992547409,93');
    expect(await lastEvent('money')).toEqual({
      value: '90071992547409.93',
      units: { bigint: '9007199254740993' },
      unitsType: 'bigint',
    });

    const weight = ui.page.getByRole('textbox', { name: 'Og‘irlik' });
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
    const trigger = ui.page.getByRole('button', { name: 'Sanalarni tanlang' });
    await trigger.click();
    await snap(ui.page, 'date-range');
    await ui.page.getByRole('button', { name: 'Bugun' }).click();
    expect(await lastEvent('dateRange')).toEqual({
      from: '2026-12-07',
      to: '2026-12-07',
      start: '2026-12-06T19:00:00.000Z',
      end: '2026-12-07T19:00:00.000Z',
      timeZone: 'Asia/Tashkent',
      preset: 'today',
    });
    const picker = ui.page.locator('#period');
    expect(await picker.textContent()).toContain('Bugun');

    await picker.click();
    await ui.page.getByRole('button', { name: 'O‘tgan hafta' }).click();
    expect(await lastEvent('dateRange')).toMatchObject({
      from: '2026-11-30',
      to: '2026-12-06',
      preset: 'lastWeek',
    });
    await picker.click();
    await ui.page.getByRole('button', { name: 'O‘tgan oy' }).click();
    expect(await lastEvent('dateRange')).toMatchObject({
      from: '2026-11-01',
      to: '2026-11-30',
      start: '2026-10-31T19:00:00.000Z',
      end: '2026-11-30T19:00:00.000Z',
    });

    // A custom range from the calendar; days after today are disabled.
    await picker.click();
    const grid = ui.page.getByRole('grid');
    await grid.getByRole('button', { name: /30/ }).first().waitFor();
    await ui.page.getByRole('button', { name: /next month/i }).click();
    expect(await grid.getByRole('button', { name: /\b8\b/ }).first().isDisabled()).toBe(true);
    await grid.getByRole('button', { name: /\b3\b/ }).first().click();
    await grid.getByRole('button', { name: /\b5\b/ }).first().click();
    await ui.page.getByRole('button', { name: 'Qo‘llash' }).click();
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
    expect(ui.errors).toEqual([]);
  });
});

/** The text of the elements a control's `aria-describedby` names, joined by spaces. */
async function describedBy(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}
