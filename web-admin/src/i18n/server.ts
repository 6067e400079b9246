/** Server-side access to the visitor's language, read from the locale cookie. */
import { cookies } from 'next/headers';
import { type Dictionary, dictionaryFor } from './dictionaries.ts';
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from './locale.ts';

/** The language chosen by the visitor, or the default (Uzbek). */
export async function getLocale(): Promise<Locale> {
  const value = (await cookies()).get(LOCALE_COOKIE)?.value;
  return isLocale(value) ? value : DEFAULT_LOCALE;
}

/** The visitor's language and its texts. */
export async function getI18n(): Promise<{ locale: Locale; dict: Dictionary }> {
  const locale = await getLocale();
  return { locale, dict: dictionaryFor(locale) };
}
