/** Texts of the back-office frame: navigation, header, store switcher, offline banner. */
import type { Locale } from '../locale.ts';

/** Every page of the side navigation, by id (see `components/nav-items.ts`). */
export type NavPage =
  | 'dashboard'
  | 'sales'
  | 'shifts'
  | 'fiscal'
  | 'inventory'
  | 'customers'
  | 'loyalty'
  | 'products'
  | 'categories'
  | 'modifiers'
  | 'recipes'
  | 'productImport'
  | 'staff'
  | 'roles'
  | 'stores'
  | 'terminals'
  | 'apiKeys'
  | 'audit'
  | 'reports';

export interface NavTexts {
  main: string;
  /** Section headings of the side navigation. */
  sections: { business: string; catalog: string; settings: string };
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
  /** The Ctrl+K command palette (components/command-menu.tsx). */
  palette: PaletteTexts;
}

/** Texts of the command palette; `{number}`, `{total}`, `{time}`, `{language}` are filled in. */
export interface PaletteTexts {
  open: string;
  pages: string;
  actions: string;
  products: string;
  receipts: string;
  newProduct: string;
  importProducts: string;
  receipt: string;
  language: string;
  searching: string;
}

export const nav: Record<Locale, NavTexts> = {
  uz: {
    main: 'Asosiy menyu',
    sections: { business: 'Savdo', catalog: 'Katalog', settings: 'Sozlamalar' },
    pages: {
      dashboard: 'Bosh sahifa',
      sales: 'Cheklar',
      shifts: 'Smenalar',
      fiscal: 'Fiskal',
      inventory: 'Ombor',
      customers: 'Mijozlar',
      loyalty: 'Sodiqlik dasturi',
      products: 'Mahsulotlar',
      categories: 'Kategoriyalar',
      modifiers: 'Modifikatorlar',
      recipes: 'Retseptlar',
      productImport: 'Import',
      staff: 'Xodimlar',
      roles: 'Rollar',
      stores: 'Do‘konlar',
      terminals: 'Kassalar',
      apiKeys: 'API kalitlar',
      audit: 'Audit jurnali',
      reports: 'Hisobotlar',
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
    palette: {
      open: 'Buyruqlar',
      pages: 'Sahifalar',
      actions: 'Amallar',
      products: 'Mahsulotlar',
      receipts: 'So‘nggi cheklar',
      newProduct: 'Yangi mahsulot',
      importProducts: 'Mahsulotlarni import qilish',
      receipt: 'Chek №{number} · {total} · {time}',
      language: 'Til: {language}',
      searching: 'Qidirilmoqda…',
    },
  },
  ru: {
    main: 'Главное меню',
    sections: { business: 'Продажи', catalog: 'Каталог', settings: 'Настройки' },
    pages: {
      dashboard: 'Главная',
      sales: 'Чеки',
      shifts: 'Смены',
      fiscal: 'Фискализация',
      inventory: 'Склад',
      customers: 'Клиенты',
      loyalty: 'Программа лояльности',
      products: 'Товары',
      categories: 'Категории',
      modifiers: 'Модификаторы',
      recipes: 'Рецепты',
      productImport: 'Импорт',
      staff: 'Сотрудники',
      roles: 'Роли',
      stores: 'Магазины',
      terminals: 'Кассы',
      apiKeys: 'API-ключи',
      audit: 'Журнал аудита',
      reports: 'Отчёты',
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
    palette: {
      open: 'Команды',
      pages: 'Страницы',
      actions: 'Действия',
      products: 'Товары',
      receipts: 'Последние чеки',
      newProduct: 'Новый товар',
      importProducts: 'Импорт товаров',
      receipt: 'Чек №{number} · {total} · {time}',
      language: 'Язык: {language}',
      searching: 'Поиск…',
    },
  },
  en: {
    main: 'Main navigation',
    sections: { business: 'Business', catalog: 'Catalog', settings: 'Settings' },
    pages: {
      dashboard: 'Dashboard',
      sales: 'Receipts',
      shifts: 'Shifts',
      fiscal: 'Fiscal',
      inventory: 'Inventory',
      customers: 'Customers',
      loyalty: 'Loyalty program',
      products: 'Products',
      categories: 'Categories',
      modifiers: 'Modifiers',
      recipes: 'Recipes',
      productImport: 'Import',
      staff: 'Staff',
      roles: 'Roles',
      stores: 'Stores',
      terminals: 'Terminals',
      apiKeys: 'API keys',
      audit: 'Audit log',
      reports: 'Reports',
    },
    signOut: 'Sign out',
    signedInAs: 'Signed in as',
    store: 'Store',
    allStores: 'All stores',
    roles: { owner: 'Owner', manager: 'Manager', accountant: 'Accountant', cashier: 'Cashier' },
    offlineTitle: 'No connection',
    offlineDescription: 'Showing the last data loaded. Changes are disabled until the connection is back.',
    readOnlyReason: 'Unavailable while offline',
    palette: {
      open: 'Commands',
      pages: 'Pages',
      actions: 'Actions',
      products: 'Products',
      receipts: 'Recent receipts',
      newProduct: 'New product',
      importProducts: 'Import products',
      receipt: 'Receipt #{number} · {total} · {time}',
      language: 'Language: {language}',
      searching: 'Searching…',
    },
  },
};
