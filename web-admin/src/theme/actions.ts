'use server';

import { cookies } from 'next/headers';
import { isTheme, THEME_COOKIE } from './theme.ts';

const ONE_YEAR = 60 * 60 * 24 * 365;

/** Remembers the colour theme (the client has already switched the `.dark` class). */
export async function saveTheme(theme: string): Promise<void> {
  if (!isTheme(theme)) return;
  (await cookies()).set(THEME_COOKIE, theme, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax' });
}
