import type { Theme } from '@jowi/ui';

/** Cookie holding the chosen colour theme, so the server renders `<html class="dark">` without a flash. */
export const THEME_COOKIE = 'jowi_theme';

/** Narrows an untrusted string (cookie, action argument) to a {@link Theme}. */
export function isTheme(value: unknown): value is Theme {
  return value === 'light' || value === 'dark';
}
