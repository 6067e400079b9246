'use client';

import { UiProvider, uiLocales } from '@jowi/ui';
import { createContext, type ReactNode, useContext } from 'react';
import type { Dictionary } from './dictionaries.ts';
import type { Locale } from './locale.ts';

interface I18nValue {
  locale: Locale;
  dict: Dictionary;
}

const I18nContext = createContext<I18nValue | null>(null);

/**
 * Makes the visitor's language available to client components (set once in the root layout),
 * and to @jowi/ui's components (number format, calendar, their own texts). The UI locale is
 * chosen here, in the browser: it holds date-fns functions a server component cannot pass.
 */
export function I18nProvider({ locale, dict, children }: I18nValue & { children: ReactNode }) {
  return (
    <I18nContext value={{ locale, dict }}>
      <UiProvider locale={uiLocales[locale]}>{children}</UiProvider>
    </I18nContext>
  );
}

/** The visitor's language and texts, in a client component. */
export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n() needs <I18nProvider> above it');
  return value;
}
