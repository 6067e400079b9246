/** The locale cookie as server actions write it (server only: `cookies()` of next/headers). */
import { isLocale, LOCALE_COOKIE } from './locale.ts';

const ONE_YEAR = 60 * 60 * 24 * 365;

/** Something that sets cookies, like Next's `cookies()` store. */
interface CookieSetter {
  set(name: string, value: string, options: { path: string; maxAge: number; sameSite: 'lax' }): unknown;
}

/** Keeps `locale` (when it is one of ours) in the cookie the server renders with. */
export function rememberLocale(store: CookieSetter, locale: string): void {
  if (isLocale(locale)) store.set(LOCALE_COOKIE, locale, { path: '/', maxAge: ONE_YEAR, sameSite: 'lax' });
}
