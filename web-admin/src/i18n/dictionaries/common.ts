/** Texts every page shares: the app name, loading and retry words, the error page. */
import { CURRENCY_NAMES } from '@jowi/receipt';
import type { Locale } from '../locale.ts';

export interface CommonTexts {
  appName: string;
  loading: string;
  tryAgain: string;
  language: string;
  themeToDark: string;
  themeToLight: string;
  currency: string;
  noAccessTitle: string;
  noAccessDescription: string;
  errorTitle: string;
  errorDescription: string;
}

export const common: Record<Locale, CommonTexts> = {
  uz: {
    appName: 'Jowi',
    loading: 'Yuklanmoqda…',
    tryAgain: 'Qayta urinish',
    language: 'Til',
    themeToDark: 'Tungi mavzuga o‘tish',
    themeToLight: 'Kunduzgi mavzuga o‘tish',
    currency: CURRENCY_NAMES.uz,
    noAccessTitle: 'Ruxsat yo‘q',
    noAccessDescription: 'Sizning rolingiz bu sahifani ko‘rishga ruxsat bermaydi.',
    errorTitle: 'Ma’lumotlarni yuklab bo‘lmadi',
    errorDescription: 'Aloqani tekshirib, qayta urinib ko‘ring.',
  },
  ru: {
    appName: 'Jowi',
    loading: 'Загрузка…',
    tryAgain: 'Повторить',
    language: 'Язык',
    themeToDark: 'Включить тёмную тему',
    themeToLight: 'Включить светлую тему',
    currency: CURRENCY_NAMES.ru,
    noAccessTitle: 'Нет доступа',
    noAccessDescription: 'Ваша роль не позволяет открыть эту страницу.',
    errorTitle: 'Не удалось загрузить данные',
    errorDescription: 'Проверьте соединение и повторите попытку.',
  },
  en: {
    appName: 'Jowi',
    loading: 'Loading…',
    tryAgain: 'Try again',
    language: 'Language',
    themeToDark: 'Switch to dark theme',
    themeToLight: 'Switch to light theme',
    currency: CURRENCY_NAMES.en,
    noAccessTitle: 'No access',
    noAccessDescription: 'Your role does not allow opening this page.',
    errorTitle: 'Could not load the data',
    errorDescription: 'Check your connection and try again.',
  },
};

export interface ErrorPageTexts {
  title: string;
  description: string;
}

export const errorPage: Record<Locale, ErrorPageTexts> = {
  uz: { title: 'Nimadir noto‘g‘ri ketdi', description: 'Sahifani ko‘rsatib bo‘lmadi.' },
  ru: { title: 'Что-то пошло не так', description: 'Не удалось показать страницу.' },
  en: { title: 'Something went wrong', description: 'This page could not be shown.' },
};
