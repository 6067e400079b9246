/**
 * The admin's interface texts in Uzbek (Latin), Russian and English. One typed object per
 * language: a missing or extra key is a compile error, so the three never drift apart.
 * Texts are plain strings (no functions) so server components can hand them to client
 * components; placeholders like `{count}` are filled with {@link fill}.
 */
import { CURRENCY_NAMES, type DecimalFormat, NUMBER_FORMATS } from '@jowi/receipt';
import type { Locale } from './locale.ts';

/** Why sign-in did not work; the first four are our own, the rest are gateway `UserError` codes. */
export type LoginErrorCode =
  | 'EMAIL_REQUIRED'
  | 'PASSWORD_REQUIRED'
  | 'GATEWAY_UNAVAILABLE'
  | 'TOO_MANY_ATTEMPTS'
  | 'INVALID_CREDENTIALS'
  | 'UNKNOWN';

/** Every text of the admin, for one language. */
export interface Dictionary {
  /** How numbers are written in this language. */
  number: DecimalFormat;
  common: {
    appName: string;
    loading: string;
    tryAgain: string;
    language: string;
    themeToDark: string;
    themeToLight: string;
    currency: string;
  };
  nav: { main: string; products: string; signOut: string; signedInAs: string };
  login: {
    title: string;
    subtitle: string;
    email: string;
    password: string;
    submit: string;
    errors: Record<LoginErrorCode, string>;
  };
  products: {
    title: string;
    subtitle: string;
    search: string;
    searchPlaceholder: string;
    columns: { name: string; sku: string; price: string; vat: string; barcode: string; stock: string };
    vatExempt: string;
    /** Units of sale by code; unknown codes are shown as they are. */
    units: Record<string, string>;
    archived: string;
    loadMore: string;
    shown: string;
    emptyTitle: string;
    emptyDescription: string;
    noMatchTitle: string;
    noMatchDescription: string;
    errorTitle: string;
    errorDescription: string;
    noAccessTitle: string;
    noAccessDescription: string;
  };
  errorPage: { title: string; description: string };
}

const uz: Dictionary = {
  number: NUMBER_FORMATS.uz,
  common: {
    appName: 'Jowi',
    loading: 'Yuklanmoqda…',
    tryAgain: 'Qayta urinish',
    language: 'Til',
    themeToDark: 'Tungi mavzuga o‘tish',
    themeToLight: 'Kunduzgi mavzuga o‘tish',
    currency: CURRENCY_NAMES.uz,
  },
  nav: {
    main: 'Asosiy menyu',
    products: 'Mahsulotlar',
    signOut: 'Chiqish',
    signedInAs: 'Kirgan foydalanuvchi',
  },
  login: {
    title: 'Jowi boshqaruv paneliga kirish',
    subtitle: 'Elektron pochta va parolingizni kiriting.',
    email: 'Elektron pochta',
    password: 'Parol',
    submit: 'Kirish',
    errors: {
      EMAIL_REQUIRED: 'Elektron pochtani kiriting.',
      PASSWORD_REQUIRED: 'Parolni kiriting.',
      GATEWAY_UNAVAILABLE: 'Server bilan bog‘lanib bo‘lmadi. Birozdan so‘ng qayta urinib ko‘ring.',
      TOO_MANY_ATTEMPTS: 'Urinishlar juda ko‘p. Bir necha daqiqadan so‘ng qayta urinib ko‘ring.',
      INVALID_CREDENTIALS: 'Elektron pochta yoki parol noto‘g‘ri.',
      UNKNOWN: 'Kirib bo‘lmadi ({code}).',
    },
  },
  products: {
    title: 'Mahsulotlar',
    subtitle: 'Katalogdagi barcha mahsulotlar, narxlar va qoldiqlar.',
    search: 'Qidirish',
    searchPlaceholder: 'Nomi yoki SKU bo‘yicha qidirish',
    columns: { name: 'Nomi', sku: 'SKU', price: 'Narxi', vat: 'QQS', barcode: 'Shtrix-kod', stock: 'Qoldiq' },
    vatExempt: 'QQSsiz',
    units: { pcs: 'dona', kg: 'kg', l: 'l', portion: 'porsiya' },
    archived: 'Arxivda',
    loadMore: 'Yana yuklash',
    shown: '{count} ta ko‘rsatilmoqda',
    emptyTitle: 'Hali mahsulotlar yo‘q',
    emptyDescription: 'Katalogga qo‘shilgan mahsulotlar shu yerda ko‘rinadi.',
    noMatchTitle: 'Hech narsa topilmadi',
    noMatchDescription: '“{search}” bo‘yicha mahsulot yo‘q. Boshqa so‘z bilan qidirib ko‘ring.',
    errorTitle: 'Mahsulotlarni yuklab bo‘lmadi',
    errorDescription: 'Aloqani tekshirib, qayta urinib ko‘ring.',
    noAccessTitle: 'Ruxsat yo‘q',
    noAccessDescription: 'Sizning rolingiz katalogni ko‘rishga ruxsat bermaydi.',
  },
  errorPage: { title: 'Nimadir noto‘g‘ri ketdi', description: 'Sahifani ko‘rsatib bo‘lmadi.' },
};

const ru: Dictionary = {
  number: NUMBER_FORMATS.ru,
  common: {
    appName: 'Jowi',
    loading: 'Загрузка…',
    tryAgain: 'Повторить',
    language: 'Язык',
    themeToDark: 'Включить тёмную тему',
    themeToLight: 'Включить светлую тему',
    currency: CURRENCY_NAMES.ru,
  },
  nav: { main: 'Главное меню', products: 'Товары', signOut: 'Выйти', signedInAs: 'Вы вошли как' },
  login: {
    title: 'Вход в панель управления Jowi',
    subtitle: 'Введите электронную почту и пароль.',
    email: 'Электронная почта',
    password: 'Пароль',
    submit: 'Войти',
    errors: {
      EMAIL_REQUIRED: 'Введите электронную почту.',
      PASSWORD_REQUIRED: 'Введите пароль.',
      GATEWAY_UNAVAILABLE: 'Нет связи с сервером. Попробуйте чуть позже.',
      TOO_MANY_ATTEMPTS: 'Слишком много попыток. Попробуйте через несколько минут.',
      INVALID_CREDENTIALS: 'Неверная электронная почта или пароль.',
      UNKNOWN: 'Не удалось войти ({code}).',
    },
  },
  products: {
    title: 'Товары',
    subtitle: 'Все товары каталога с ценами и остатками.',
    search: 'Поиск',
    searchPlaceholder: 'Поиск по названию или SKU',
    columns: {
      name: 'Название',
      sku: 'SKU',
      price: 'Цена',
      vat: 'НДС',
      barcode: 'Штрихкод',
      stock: 'Остаток',
    },
    vatExempt: 'Без НДС',
    units: { pcs: 'шт.', kg: 'кг', l: 'л', portion: 'порц.' },
    archived: 'В архиве',
    loadMore: 'Показать ещё',
    shown: 'Показано: {count}',
    emptyTitle: 'Товаров пока нет',
    emptyDescription: 'Здесь появятся товары, добавленные в каталог.',
    noMatchTitle: 'Ничего не найдено',
    noMatchDescription: 'По запросу «{search}» товаров нет. Попробуйте другое слово.',
    errorTitle: 'Не удалось загрузить товары',
    errorDescription: 'Проверьте соединение и повторите попытку.',
    noAccessTitle: 'Нет доступа',
    noAccessDescription: 'Ваша роль не позволяет просматривать каталог.',
  },
  errorPage: { title: 'Что-то пошло не так', description: 'Не удалось показать страницу.' },
};

const en: Dictionary = {
  number: NUMBER_FORMATS.en,
  common: {
    appName: 'Jowi',
    loading: 'Loading…',
    tryAgain: 'Try again',
    language: 'Language',
    themeToDark: 'Switch to dark theme',
    themeToLight: 'Switch to light theme',
    currency: CURRENCY_NAMES.en,
  },
  nav: { main: 'Main navigation', products: 'Products', signOut: 'Sign out', signedInAs: 'Signed in as' },
  login: {
    title: 'Sign in to Jowi back office',
    subtitle: 'Enter your email and password.',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    errors: {
      EMAIL_REQUIRED: 'Enter your email.',
      PASSWORD_REQUIRED: 'Enter your password.',
      GATEWAY_UNAVAILABLE: 'Cannot reach the server. Please try again in a moment.',
      TOO_MANY_ATTEMPTS: 'Too many attempts. Please try again in a few minutes.',
      INVALID_CREDENTIALS: 'Wrong email or password.',
      UNKNOWN: 'Could not sign in ({code}).',
    },
  },
  products: {
    title: 'Products',
    subtitle: 'Every product in the catalog with its price and stock.',
    search: 'Search',
    searchPlaceholder: 'Search by name or SKU',
    columns: { name: 'Name', sku: 'SKU', price: 'Price', vat: 'VAT', barcode: 'Barcode', stock: 'Stock' },
    vatExempt: 'Exempt',
    units: { pcs: 'pcs', kg: 'kg', l: 'l', portion: 'portion' },
    archived: 'Archived',
    loadMore: 'Load more',
    shown: '{count} shown',
    emptyTitle: 'No products yet',
    emptyDescription: 'Products added to the catalog appear here.',
    noMatchTitle: 'Nothing found',
    noMatchDescription: 'No product matches “{search}”. Try another word.',
    errorTitle: 'Could not load products',
    errorDescription: 'Check your connection and try again.',
    noAccessTitle: 'No access',
    noAccessDescription: 'Your role does not allow viewing the catalog.',
  },
  errorPage: { title: 'Something went wrong', description: 'This page could not be shown.' },
};

const dictionaries: Record<Locale, Dictionary> = { uz, ru, en };

/** The texts of one language. */
export function dictionaryFor(locale: Locale): Dictionary {
  return dictionaries[locale];
}

/** Fills `{name}` placeholders: `fill('{count} shown', { count: 3 })` → `"3 shown"`. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

/** Language names for the switcher, each in its own language. */
export const LANGUAGE_OPTIONS: readonly { value: Locale; label: string; title: string }[] = [
  { value: 'uz', label: 'UZ', title: 'O‘zbekcha' },
  { value: 'ru', label: 'RU', title: 'Русский' },
  { value: 'en', label: 'EN', title: 'English' },
];
