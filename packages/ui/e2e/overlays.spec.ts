/**
 * @jowi/ui in a real browser, the dialog (focus kept inside, Escape, focus back to its trigger,
 * and under a toast), the command palette, the toast, and the select, dropdown menu and tabs by
 * keyboard. The playground is built once for every spec file (see ./playground.ts).
 */
import { describe, expect, it } from 'vitest';
import { snap, uiBrowserSuiteRuns, usePlayground } from './playground.ts';

describe.skipIf(!uiBrowserSuiteRuns())('@jowi/ui overlays and menus in Chromium', () => {
  const ui = usePlayground();
  const { open, events, lastEvent, section, focusedText } = ui;

  it('keeps focus inside a dialog, closes it with Escape and returns focus to its trigger', async () => {
    await open();
    const trigger = ui.page.getByRole('button', { name: 'Kategoriya qo‘shish' });
    await trigger.click();
    const dialog = ui.page.getByRole('dialog', { name: 'Yangi kategoriya' });
    await dialog.waitFor();
    expect(await dialog.getAttribute('aria-describedby')).not.toBeNull();
    await snap(ui.page, 'dialog');
    const insideDialog = () =>
      ui.page.evaluate(() => Boolean(document.activeElement?.closest('[role="dialog"]')));
    expect(await insideDialog()).toBe(true);
    for (let i = 0; i < 6; i++) {
      await ui.page.keyboard.press('Tab');
      expect(await insideDialog()).toBe(true);
    }
    for (let i = 0; i < 3; i++) {
      await ui.page.keyboard.press('Shift+Tab');
      expect(await insideDialog()).toBe(true);
    }
    await ui.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await trigger.evaluate((element) => element === document.activeElement)).toBe(true);

    // A destructive confirmation starts on Cancel, so Enter alone deletes nothing.
    await ui.page.getByRole('button', { name: '12 ta mahsulotni o‘chirish' }).click();
    const confirm = ui.page.getByRole('alertdialog', { name: '12 ta mahsulot o‘chirilsinmi?' });
    await confirm.waitFor();
    expect(await ui.page.evaluate(() => document.activeElement?.textContent)).toBe('Bekor qilish');
    await ui.page.keyboard.press('Enter');
    await confirm.waitFor({ state: 'detached' });
    expect(await events('confirm.delete')).toEqual([]);
    await ui.page.getByRole('button', { name: '12 ta mahsulotni o‘chirish' }).click();
    await confirm.getByRole('button', { name: '12 ta mahsulotni o‘chirish' }).click();
    await confirm.waitFor({ state: 'detached' });
    expect(await events('confirm.delete')).toEqual([12]);
  });

  it('closes the dialog with Escape while a toast shown from it sits on top', async () => {
    await open();
    const trigger = ui.page.getByRole('button', { name: 'Kategoriya qo‘shish' });
    await trigger.click();
    const dialog = ui.page.getByRole('dialog', { name: 'Yangi kategoriya' });
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Saqlash' }).click();
    expect(await events('dialog.save')).toHaveLength(1);
    // The toast is mounted after the dialog, so it is the layer Radix gives Escape to.
    const toast = ui.page.locator('li').filter({ hasText: 'Kategoriya saqlandi' });
    await toast.waitFor();
    await snap(ui.page, 'dialog-under-toast');
    await ui.page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await trigger.evaluate((element) => element === document.activeElement)).toBe(true);
    // The toast was only a confirmation: it stays until it times out or is dismissed.
    expect(await toast.isVisible()).toBe(true);
    // With no dialog open, Escape is the toast's again (focus on it, as F8 puts it there).
    await toast.focus();
    await ui.page.keyboard.press('Escape');
    await toast.waitFor({ state: 'detached' });
  });

  it('opens the command palette with Ctrl+K, filters by label and keywords, and runs with Enter', async () => {
    await open();
    await ui.page.keyboard.press('Control+k');
    const palette = ui.page.getByRole('dialog', { name: 'Buyruqlar' });
    await palette.waitFor();
    const input = palette.getByRole('combobox');
    expect(await input.evaluate((element) => element === document.activeElement)).toBe(true);
    expect(await palette.getByRole('option').count()).toBe(6);
    await ui.page.keyboard.type('товары'); // a Russian keyword of "Mahsulotlar"
    await expect.poll(() => palette.getByRole('option').allTextContents()).toEqual(['Mahsulotlar']);
    await snap(ui.page, 'palette');
    await ui.page.keyboard.press('Enter');
    await palette.waitFor({ state: 'detached' });
    expect(await events('palette.run')).toEqual(['products']);

    await ui.page.keyboard.press('Control+k');
    await palette.waitFor();
    await ui.page.keyboard.type('smen');
    await expect.poll(() => palette.getByRole('option').allTextContents()).toEqual(['Smenalar']);
    await ui.page.keyboard.press('Backspace');
    await ui.page.keyboard.press('Backspace');
    await ui.page.keyboard.press('Backspace');
    await ui.page.keyboard.press('Backspace');
    await ui.page.keyboard.type('qwxz');
    await palette.getByText('Hech narsa topilmadi').waitFor();
    await ui.page.keyboard.press('Escape');
    await palette.waitFor({ state: 'detached' });
    expect(await events('palette.run')).toEqual(['products']);
  });

  it('shows a toast as a status message with one action', async () => {
    await open();
    // Radix announces the toast through a polite role="status" live region and removes the
    // announcement a second later — on a loaded machine before a locator could read it. So every
    // status text that appears is recorded as it appears, and the test reads the record.
    await ui.page.evaluate(() => {
      const seen: Array<{ text: string | null; live: string | null }> = [];
      (window as unknown as { announcements: typeof seen }).announcements = seen;
      new MutationObserver(() => {
        for (const element of document.querySelectorAll('[role="status"]')) {
          const text = element.textContent;
          if (text && !seen.some((s) => s.text === text))
            seen.push({ text, live: element.getAttribute('aria-live') });
        }
      }).observe(document.body, { childList: true, subtree: true, characterData: true });
    });
    await section('overlays').getByRole('button', { name: 'Saqlash' }).click();
    const announced = () =>
      ui.page.evaluate(
        () =>
          (
            window as unknown as { announcements: Array<{ text: string | null; live: string | null }> }
          ).announcements.find((a) => a.text?.includes('Mahsulot saqlandi')) ?? null,
      );
    await expect.poll(announced).not.toBeNull();
    const announcement = (await announced())!;
    expect(announcement.text).toContain('Bildirishnoma');
    expect(announcement.live).toBe('polite');
    // …and shows it in the notifications region (F8 jumps there), with its one action.
    const toast = ui.page.getByRole('region', { name: 'Bildirishnomalar (F8)' }).getByRole('listitem');
    expect(await toast.textContent()).toContain('Osh (plov) — 45 000 so‘m');
    await snap(ui.page, 'toast');
    await toast.getByRole('button', { name: 'Bekor qilish' }).click();
    expect(await events('toast.undo')).toHaveLength(1);
    await toast.waitFor({ state: 'detached' });
  });

  it('works the select, the dropdown menu and the tabs from the keyboard', async () => {
    await open();
    const select = ui.page.getByRole('combobox', { name: 'To‘lov usuli' });
    await select.focus();
    await ui.page.keyboard.press('Enter');
    await ui.page.getByRole('listbox').waitFor();
    // Keys go to the list once it has moved focus to its first option.
    await expect.poll(focusedText).toBe('Naqd');
    await ui.page.keyboard.press('ArrowDown');
    // Enter only once focus has moved (on a loaded machine the list may take a frame).
    await expect.poll(focusedText).not.toBe('Naqd');
    await ui.page.keyboard.press('Enter');
    await expect.poll(() => lastEvent('select.payment')).toBe('CARD');
    expect(await select.textContent()).toContain('Karta');
    expect(await select.evaluate((element) => element === document.activeElement)).toBe(true);

    const actions = ui.page.getByRole('button', { name: 'Amallar' });
    await actions.focus();
    await ui.page.keyboard.press('Enter');
    await ui.page.getByRole('menu').waitFor();
    await expect.poll(focusedText).toBe('Tahrirlash');
    await ui.page.keyboard.press('ArrowDown');
    await expect.poll(focusedText).not.toBe('Tahrirlash');
    await ui.page.keyboard.press('Enter');
    await expect.poll(() => events('menu.run')).toEqual(['duplicate']);
    await ui.page.getByRole('menu').waitFor({ state: 'detached' });
    expect(await actions.evaluate((element) => element === document.activeElement)).toBe(true);

    await ui.page.getByRole('tab', { name: 'Hammasi' }).focus();
    await ui.page.keyboard.press('ArrowRight');
    await expect
      .poll(() => ui.page.getByRole('tab', { name: 'Faol' }).getAttribute('aria-selected'))
      .toBe('true');
    expect(await ui.page.getByRole('tabpanel').textContent()).toBe('Faol mahsulotlar.');

    await ui.page.getByRole('button', { name: 'Sof savdo ⓘ' }).focus();
    await expect.poll(() => ui.page.getByRole('tooltip').textContent()).toContain('Sof savdo = yalpi savdo');
    // No uncaught error on the page through this file's overlays.
    expect(ui.errors).toEqual([]);
  });
});
