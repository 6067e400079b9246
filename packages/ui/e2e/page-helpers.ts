/**
 * Small page helpers of the @jowi/ui browser test (components.spec.ts): screenshots for a human
 * (JOWI_E2E_SCREENSHOTS=<folder>) and the text a control's description points at.
 */
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';

/** Saves a screenshot `ui-<name>.png` in JOWI_E2E_SCREENSHOTS when that is set. */
export async function snap(page: Page, name: string, fullPage = false): Promise<void> {
  const folder = process.env.JOWI_E2E_SCREENSHOTS;
  if (folder) await page.screenshot({ path: join(folder, `ui-${name}.png`), fullPage });
}

/** The text of the elements a control's `aria-describedby` names, joined by spaces. */
export async function describedBy(control: Locator): Promise<string> {
  return control.evaluate((element) =>
    (element.getAttribute('aria-describedby') ?? '')
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' '),
  );
}
