/**
 * Interface text in Uzbek (default), Russian and English. Messages are one typed table, so a
 * key missing in one language is a type error. The choice is remembered on the device.
 */

import { displayMoney, displayQuantity } from '@jowi/receipt';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

/** Supported interface languages. */
export const LANGUAGES = ['uz', 'ru', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const uz = {
  'app.name': 'Jowi POS',
  'login.title': 'Kassaga kirish',
  'login.email': 'Elektron pochta',
  'login.password': 'Parol',
  'login.submit': 'Kirish',
  'login.submitting': 'Kirilmoqda…',
  'error.INVALID_CREDENTIALS': 'Email yoki parol noto‘g‘ri.',
  'error.RATE_LIMITED': 'Urinishlar juda ko‘p. Birozdan keyin qayta urinib ko‘ring.',
  'error.network': 'Server bilan aloqa yo‘q. Internetni tekshiring.',
  'error.unknown': 'Kutilmagan xato. Qayta urinib ko‘ring.',
  'sell.search': 'Mahsulot qidirish (nomi, SKU yoki shtrix-kod)',
  'sell.loading': 'Mahsulotlar yuklanmoqda…',
  'sell.empty': 'Katalogda hali mahsulot yo‘q.',
  'sell.noMatch': 'Hech narsa topilmadi.',
  'sell.error': 'Mahsulotlarni yuklab bo‘lmadi.',
  'sell.retry': 'Qayta urinish',
  'sell.offline': 'Oflayn: saqlangan katalog ko‘rsatilmoqda',
  'sell.hint': '↑/↓ tanlash · Enter savatga · Esc tozalash',
  'cart.title': 'Savat',
  'cart.empty': 'Savat bo‘sh. Mahsulotni tanlab Enter bosing.',
  'cart.total': 'Jami',
  'cart.clear': 'Tozalash',
  'cart.increase': 'Ko‘paytirish',
  'cart.decrease': 'Kamaytirish',
  'cart.remove': 'O‘chirish',
  logout: 'Chiqish',
  'theme.toDark': 'Tungi mavzu',
  'theme.toLight': 'Kunduzgi mavzu',
  language: 'Til',
};

type Messages = Record<keyof typeof uz, string>;
/** A message key. */
export type MessageKey = keyof Messages;

const ru: Messages = {
  'app.name': 'Jowi POS',
  'login.title': 'Вход в кассу',
  'login.email': 'Электронная почта',
  'login.password': 'Пароль',
  'login.submit': 'Войти',
  'login.submitting': 'Вход…',
  'error.INVALID_CREDENTIALS': 'Неверный email или пароль.',
  'error.RATE_LIMITED': 'Слишком много попыток. Попробуйте позже.',
  'error.network': 'Нет связи с сервером. Проверьте интернет.',
  'error.unknown': 'Непредвиденная ошибка. Попробуйте ещё раз.',
  'sell.search': 'Поиск товара (название, SKU или штрихкод)',
  'sell.loading': 'Загрузка товаров…',
  'sell.empty': 'В каталоге пока нет товаров.',
  'sell.noMatch': 'Ничего не найдено.',
  'sell.error': 'Не удалось загрузить товары.',
  'sell.retry': 'Повторить',
  'sell.offline': 'Офлайн: показан сохранённый каталог',
  'sell.hint': '↑/↓ выбор · Enter в чек · Esc очистить',
  'cart.title': 'Чек',
  'cart.empty': 'Чек пуст. Выберите товар и нажмите Enter.',
  'cart.total': 'Итого',
  'cart.clear': 'Очистить',
  'cart.increase': 'Увеличить',
  'cart.decrease': 'Уменьшить',
  'cart.remove': 'Удалить',
  logout: 'Выйти',
  'theme.toDark': 'Тёмная тема',
  'theme.toLight': 'Светлая тема',
  language: 'Язык',
};

const en: Messages = {
  'app.name': 'Jowi POS',
  'login.title': 'Sign in to the till',
  'login.email': 'Email',
  'login.password': 'Password',
  'login.submit': 'Sign in',
  'login.submitting': 'Signing in…',
  'error.INVALID_CREDENTIALS': 'Wrong email or password.',
  'error.RATE_LIMITED': 'Too many attempts. Try again a little later.',
  'error.network': 'Cannot reach the server. Check the connection.',
  'error.unknown': 'Something went wrong. Please try again.',
  'sell.search': 'Search products (name, SKU or barcode)',
  'sell.loading': 'Loading products…',
  'sell.empty': 'The catalog has no products yet.',
  'sell.noMatch': 'Nothing found.',
  'sell.error': 'Could not load products.',
  'sell.retry': 'Retry',
  'sell.offline': 'Offline: showing the saved catalog',
  'sell.hint': '↑/↓ select · Enter add · Esc clear',
  'cart.title': 'Cart',
  'cart.empty': 'The cart is empty. Pick a product and press Enter.',
  'cart.total': 'Total',
  'cart.clear': 'Clear',
  'cart.increase': 'Increase',
  'cart.decrease': 'Decrease',
  'cart.remove': 'Remove',
  logout: 'Log out',
  'theme.toDark': 'Switch to dark theme',
  'theme.toLight': 'Switch to light theme',
  language: 'Language',
};

const MESSAGES: Record<Language, Messages> = { uz, ru, en };

/** The language choices as shown by the switcher. */
export const LANGUAGE_OPTIONS: readonly { value: Language; label: string; title: string }[] = [
  { value: 'uz', label: 'UZ', title: 'O‘zbekcha' },
  { value: 'ru', label: 'RU', title: 'Русский' },
  { value: 'en', label: 'EN', title: 'English' },
];

const STORAGE_KEY = 'jowi.language';

/** The message for an error code, falling back to the generic text for unknown codes. */
export function errorKey(code: string): MessageKey {
  const key = `error.${code}`;
  return key in uz ? (key as MessageKey) : 'error.unknown';
}

function storedLanguage(): Language {
  const stored = globalThis.localStorage?.getItem(STORAGE_KEY);
  return LANGUAGES.find((l) => l === stored) ?? 'uz';
}

interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey): string;
  /** Tiyin as display text with the currency, e.g. "45 000 so‘m" (`displayMoney` of @jowi/receipt). */
  money(tiyin: bigint): string;
  /** Thousandths as display text without trailing zeros, e.g. "1,5" (`displayQuantity`). */
  quantity(milli: bigint): string;
}

const I18nContext = createContext<I18n | null>(null);

/** Provides the current language to the tree and keeps `<html lang>` in step. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setState] = useState<Language>(storedLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const messages = MESSAGES[language];
    return {
      language,
      setLanguage,
      t: (key) => messages[key],
      money: (tiyin) => displayMoney(tiyin, language),
      quantity: (milli) => displayQuantity(milli, language),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language and its translate function. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside <I18nProvider>');
  return value;
}
