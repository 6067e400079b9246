'use client';

import { createContext, type ReactNode, useContext } from 'react';
import { type UiLocale, type UiMessages, uiLocales } from './messages.ts';

const LocaleContext = createContext<UiLocale>(uiLocales.uz);

/** Props of {@link UiProvider}. */
export interface UiProviderProps {
  /** Number format, currency word, calendar names and texts; e.g. `uiLocales.ru`. Default Uzbek. */
  locale?: UiLocale;
  children: ReactNode;
}

/**
 * Sets the language and number format of every @jowi/ui component below it. Optional: without
 * it components speak Uzbek with uz-UZ grouping ("125 000 so‘m").
 */
export function UiProvider({ locale = uiLocales.uz, children }: UiProviderProps) {
  return <LocaleContext.Provider value={locale}>{children}</LocaleContext.Provider>;
}

/** The {@link UiLocale} in force. */
export function useUiLocale(): UiLocale {
  return useContext(LocaleContext);
}

/** One group of the locale's messages, with a component's `messages` prop laid over it. */
export function useMessages<K extends keyof UiMessages>(
  key: K,
  override?: Partial<UiMessages[K]>,
): UiMessages[K] {
  const base = useContext(LocaleContext).messages[key];
  if (!override || typeof base !== 'object') return base;
  return { ...base, ...override };
}
