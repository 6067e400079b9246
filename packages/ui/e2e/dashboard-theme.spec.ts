/**
 * @jowi/ui in a real browser, the dashboard tiles (change, its sense, the metric definition) and
 * both themes: the contrast of every colour token pair and the chart painted with the theme’s
 * series colour. The playground is built once for every spec file (see ./playground.ts).
 */
import { describe, expect, it } from 'vitest';
import { contrast, painted, resolvedTokens, TEXT_PAIRS, UI_PAIRS } from './contrast.ts';
import { snap, uiBrowserSuiteRuns, usePlayground } from './playground.ts';

describe.skipIf(!uiBrowserSuiteRuns())('@jowi/ui dashboard tiles and themes in Chromium', () => {
  const ui = usePlayground();
  const { open, section } = ui;

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
    await ui.page.keyboard.press('Shift+Tab');
    await ui.page.keyboard.press('Tab');
    await expect.poll(() => ui.page.getByRole('tooltip').textContent()).toContain('chegirmalar');
    expect(await ui.page.getByRole('status').filter({ hasText: 'Sinov sahifasi' }).count()).toBe(1);
  });

  it('renders both themes with every text token pair at 4.5:1 or more and UI colours at 3:1', async () => {
    await open();
    const backgrounds: string[] = [];
    for (const theme of ['light', 'dark'] as const) {
      await ui.page.evaluate(
        (dark) => document.documentElement.classList.toggle('dark', dark),
        theme === 'dark',
      );
      const colours = await resolvedTokens(ui.page);
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
      backgrounds.push(await ui.page.evaluate(() => getComputedStyle(document.body).backgroundColor));
      // The chart's bars are painted with the theme's series colour.
      const bar = ui.page.getByTestId('chart').locator('.recharts-bar-rectangle path').first();
      await bar.waitFor();
      const fill = await bar.evaluate((element) => getComputedStyle(element).fill);
      expect(await painted(ui.page, fill)).toEqual(colours['chart-1']);
      await snap(ui.page, `playground-${theme}`, true);
    }
    expect(new Set(backgrounds).size).toBe(2);
    expect(ui.errors).toEqual([]);
  });
});
