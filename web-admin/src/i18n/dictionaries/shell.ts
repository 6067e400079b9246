/** Texts of the back-office frame: navigation, header, store switcher, offline banner. */
import type { Locale } from '../locale.ts';

/** Every page of the side navigation, by id (see `components/nav-items.ts`). */
export type NavPage =
  | 'dashboard'
  | 'sales'
  | 'shifts'
  | 'fiscal'
  | 'customers'
  | 'loyalty'
  | 'products'
  | 'categories'
  | 'modifiers'
  | 'productImport';

export interface NavTexts {
  main: string;
  /** Section headings of the side navigation. */
  sections: { business: string; catalog: string };
  pages: Record<NavPage, string>;
  signOut: string;
  signedInAs: string;
  store: string;
  allStores: string;
  /** Role names as identity spells them; unknown (custom) roles are shown as they are. */
  roles: Record<string, string>;
  offlineTitle: string;
  offlineDescription: string;
  readOnlyReason: string;
}

export const nav: Record<Locale, NavTexts> = {
  uz: {
    main: 'Asosiy menyu',
    sections: { business: 'Savdo', catalog: 'Katalog' },
    pages: {
      dashboard: 'Bosh sahifa',
      sales: 'Cheklar',
      shifts: 'Smenalar',
      fiscal: 'Fiskal',
      customers: 'Mijozlar',
      loyalty: 'Sodiqlik dasturi',
      products: 'Mahsulotlar',
      categories: 'Kategoriyalar',
      modifiers: 'Modifikatorlar',
      productImport: 'Import',
    },
    signOut: 'Chiqish',
    signedInAs: 'Kirgan foydalanuvchi',
    store: 'Do‘kon',
    allStores: 'Barcha do‘konlar',
    roles: { owner: 'Egasi', manager: 'Menejer', accountant: 'Buxgalter', cashier: 'Kassir' },
    offlineTitle: 'Aloqa yo‘q',
    offlineDescription:
      'Oxirgi yuklangan ma’lumotlar ko‘rsatilmoqda. Aloqa tiklanguncha o‘zgartirish mumkin emas.',
    readOnlyReason: 'Aloqa tiklanguncha mavjud emas',
  },
  ru: {
    main: 'Главное меню',
    sections: { business: 'Продажи', catalog: 'Каталог' },
    pages: {
      dashboard: 'Главная',
      sales: 'Чеки',
      shifts: 'Смены',
      fiscal: 'Фискализация',
      customers: 'Клиенты',
      loyalty: 'Программа лояльности',
      products: 'Товары',
      categories: 'Категории',
      modifiers: 'Модификаторы',
      productImport: 'Импорт',
    },
    signOut: 'Выйти',
    signedInAs: 'Вы вошли как',
    store: 'Магазин',
    allStores: 'Все магазины',
    roles: { owner: 'Владелец', manager: 'Менеджер', accountant: 'Бухгалтер', cashier: 'Кассир' },
    offlineTitle: 'Нет связи',
    offlineDescription:
      'Показаны последние загруженные данные. Изменения недоступны, пока связь не вернётся.',
    readOnlyReason: 'Недоступно без связи',
  },
  en: {
    main: 'Main navigation',
    sections: { business: 'Business', catalog: 'Catalog' },
    pages: {
      dashboard: 'Dashboard',
      sales: 'Receipts',
      shifts: 'Shifts',
      fiscal: 'Fiscal',
      customers: 'Customers',
      loyalty: 'Loyalty program',
      products: 'Products',
      categories: 'Categories',
      modifiers: 'Modifiers',
      productImport: 'Import',
    },
    signOut: 'Sign out',
    signedInAs: 'Signed in as',
    store: 'Store',
    allStores: 'All stores',
    roles: { owner: 'Owner', manager: 'Manager', accountant: 'Accountant', cashier: 'Cashier' },
    offlineTitle: 'No connection',
    offlineDescription: 'Showing the last data loaded. Changes are disabled until the connection is back.',
    readOnlyReason: 'Unavailable while offline',
  },
};
