'use server';

import { cookies } from 'next/headers';
import { isLocale, LOCALE_COOKIE } from './locale.ts';

const ONE_YEAR = 60 * 60 * 24 * 365;

/**
 * Stores the interface language. Setting a cookie in a server action makes Next re-render the
 * current page, so the new texts arrive in the same round trip.
 */
export async function setLocale(locale: string): Promise<void> {
  if (!isLocale(locale)) return;
  (await cookies()).set(LOCALE_COOKIE, locale, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax' });
}
