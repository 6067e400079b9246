/**
 * The catalog screens' text in Uzbek, Russian and English (one typed table per language, so a
 * key missing in one of them is a type error), in the till's current language.
 */
import { useCallback } from 'react';
import { type Language, useI18n } from '../../lib/i18n.tsx';

const uz = {
  all: 'Hammasi',
  favourites: 'Tanlanganlar',
  categories: 'Toifalar',
  pin: 'Tanlanganlarga qo‘shish',
  unpin: 'Tanlanganlardan olib tashlash',
  noFavourites: 'Tanlanganlar yo‘q. Mahsulotdagi ☆ belgisini bosing.',
  syncing: 'Katalog yuklanmoqda…',
  catalogEmpty: 'Katalog hali yuklanmagan. Internetga ulanib, kassir PIN bilan kirsin.',
  products: 'mahsulot',
  updated: 'yangilangan',
  more: 'ko‘proq',
  hint: '↑/↓ qator · ←/→ bo‘sh qidiruvda · PgUp/PgDn · Enter savatga · Esc tozalash',
} as const;

type Key = keyof typeof uz;

const ru: Record<Key, string> = {
  all: 'Все',
  favourites: 'Избранное',
  categories: 'Категории',
  pin: 'В избранное',
  unpin: 'Убрать из избранного',
  noFavourites: 'Избранного пока нет. Нажмите ☆ на товаре.',
  syncing: 'Каталог загружается…',
  catalogEmpty: 'Каталог ещё не загружен. Подключитесь к интернету и войдите по PIN.',
  products: 'товаров',
  updated: 'обновлён',
  more: 'больше',
  hint: '↑/↓ ряд · ←/→ при пустом поиске · PgUp/PgDn · Enter в чек · Esc очистить',
};

const en: Record<Key, string> = {
  all: 'All',
  favourites: 'Favourites',
  categories: 'Categories',
  pin: 'Pin to favourites',
  unpin: 'Unpin from favourites',
  noFavourites: 'No favourites yet. Tap ☆ on a product.',
  syncing: 'Loading the catalog…',
  catalogEmpty: 'The catalog has not been loaded yet. Connect to the internet and sign in with a PIN.',
  products: 'products',
  updated: 'updated',
  more: 'more',
  hint: '↑/↓ row · ←/→ when the search is empty · PgUp/PgDn · Enter add · Esc clear',
};

const TEXT: Record<Language, Record<Key, string>> = { uz, ru, en };

/** The catalog screens' translate function. */
export function useCatalogText(): (key: Key) => string {
  const { language } = useI18n();
  return useCallback((key: Key) => TEXT[language][key], [language]);
}
