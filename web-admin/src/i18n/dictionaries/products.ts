/** Texts of the product list. */
import type { Locale } from '../locale.ts';

export interface ProductsTexts {
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
}

export const products: Record<Locale, ProductsTexts> = {
  uz: {
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
  ru: {
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
  en: {
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
};
