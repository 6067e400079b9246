/**
 * Contrast of the colour tokens as the browser paints them, for the @jowi/ui browser test:
 * which token pairs must reach which ratio, how a token resolves to 8-bit sRGB (painted on a
 * canvas and read back, so the browser's own colour conversion is measured), and WCAG's ratio.
 */
import type { Page } from 'playwright-core';

/** Text on background: body text must reach 4.5:1 (WCAG 1.4.3). */
export const TEXT_PAIRS: [string, string][] = [
  ['foreground', 'background'],
  ['card-foreground', 'card'],
  ['foreground', 'muted'],
  ['muted-foreground', 'background'],
  ['muted-foreground', 'card'],
  ['muted-foreground', 'muted'],
  ['primary-foreground', 'primary'],
  ['secondary-foreground', 'secondary'],
  ['accent-foreground', 'accent'],
  ['destructive-foreground', 'destructive'],
  ['success-foreground', 'success'],
  ['warning-foreground', 'warning'],
  ['destructive', 'background'],
  ['destructive', 'card'],
  ['success', 'card'], // a good delta on a dashboard tile
  ['primary', 'background'],
  ['background', 'foreground'], // tooltips
];

/** Borders, focus rings and chart marks: 3:1 against what they sit on (WCAG 1.4.11). */
export const UI_PAIRS: [string, string][] = [
  ['input', 'background'],
  ['input', 'card'],
  ['ring', 'background'],
  ['ring', 'card'],
  ['chart-1', 'card'],
  ['chart-2', 'card'],
  ['chart-3', 'card'],
  ['chart-4', 'card'],
  ['chart-5', 'card'],
];

/**
 * Every colour token as the browser paints it, in 8-bit sRGB: the token's CSS value (oklch) is
 * painted on a canvas and read back, so the browser's own colour conversion is what is measured.
 */
export async function resolvedTokens(page: Page): Promise<Record<string, [number, number, number]>> {
  const names = [...new Set([...TEXT_PAIRS, ...UI_PAIRS].flat())];
  return page.evaluate((tokens) => {
    const canvas = document.createElement('canvas');
    canvas.width = 1;
    canvas.height = 1;
    const context = canvas.getContext('2d', { willReadFrequently: true });
    if (!context) throw new Error('no 2d canvas');
    const style = getComputedStyle(document.documentElement);
    const result: Record<string, [number, number, number]> = {};
    for (const token of tokens) {
      context.clearRect(0, 0, 1, 1);
      context.fillStyle = style.getPropertyValue(`--${token}`).trim();
      context.fillRect(0, 0, 1, 1);
      const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data;
      result[token] = [r, g, b];
    }
    return result;
  }, names);
}

/** A CSS colour as the browser paints it, in 8-bit sRGB. */
export async function painted(page: Page, colour: string): Promise<[number, number, number]> {
  return page.evaluate((css) => {
    const context = document.createElement('canvas').getContext('2d');
    if (!context) throw new Error('no 2d canvas');
    context.fillStyle = css;
    context.fillRect(0, 0, 1, 1);
    const [r = 0, g = 0, b = 0] = context.getImageData(0, 0, 1, 1).data;
    return [r, g, b] as [number, number, number];
  }, colour);
}

/** WCAG 2.x contrast ratio of two 8-bit sRGB colours. */
export function contrast(
  a: [number, number, number] | undefined,
  b: [number, number, number] | undefined,
): number {
  if (!a || !b) throw new Error('a token did not resolve');
  const luminance = (rgb: [number, number, number]) => {
    const [r, g, bl] = rgb.map((channel) => {
      const c = channel / 255;
      return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}
