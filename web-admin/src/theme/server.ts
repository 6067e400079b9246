import type { Theme } from '@jowi/ui';
import { cookies } from 'next/headers';
import { isTheme, THEME_COOKIE } from './theme.ts';

/** The visitor's colour theme; light unless they chose dark. */
export async function getTheme(): Promise<Theme> {
  const value = (await cookies()).get(THEME_COOKIE)?.value;
  return isTheme(value) ? value : 'light';
}
