/** Interface languages of the admin. Uzbek (Latin script) is the default. */
export const LOCALES = ['uz', 'ru', 'en'] as const;
/** One of {@link LOCALES}. */
export type Locale = (typeof LOCALES)[number];
/** Used when no (valid) choice is stored. */
export const DEFAULT_LOCALE: Locale = 'uz';
/** Cookie holding the user's choice; readable by the server on every request. */
export const LOCALE_COOKIE = 'jowi_locale';

/** Narrows an untrusted string (cookie, form field) to a {@link Locale}. */
export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}
