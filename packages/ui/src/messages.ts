/**
 * The words @jowi/ui shows on its own (pagination, presets, close buttons …) in Uzbek, Russian and
 * English. Everything else comes from the caller as props. Pick a set with {@link uiLocales} and
 * hand it to `UiProvider`; any component also takes a partial `messages` prop that wins.
 */
import type { Locale } from 'date-fns';
import { enGB, ru as ruDates, uz as uzDates } from 'date-fns/locale';
import { type DecimalFormat, formatDecimalString } from './format.ts';

/** Texts of `DataTable`. */
export interface DataTableMessages {
  loading: string;
  /** Shown when the data set itself is empty (no filters applied). */
  empty: string;
  /** Shown when filters or a search leave nothing. */
  noResults: string;
  clearFilters: string;
  errorTitle: string;
  retry: string;
  search: string;
  columns: string;
  previousPage: string;
  nextPage: string;
  rowsPerPage: string;
  /** Accessible name of the pagination bar. */
  pagination: string;
  /** Visible range, e.g. "1–25 of 1 000"; `total` is null when the server does not count. */
  range: (from: string, to: string, total: string | null) => string;
  /** Accessible name of a column's filter input. */
  filterColumn: (column: string) => string;
  /** Added to a sortable header's name: how a click sorts next. */
  sortHint: string;
  /** Announced while rows already shown are being refreshed. */
  refreshing: string;
}

/** Ids of the date presets of `DateRangePicker`. */
export type DateRangePresetId =
  | 'today'
  | 'yesterday'
  | 'last7Days'
  | 'last30Days'
  | 'thisWeek'
  | 'lastWeek'
  | 'thisMonth'
  | 'lastMonth';

/** Texts of `DateRangePicker`. */
export interface DateRangeMessages {
  label: string;
  placeholder: string;
  presets: Record<DateRangePresetId, string>;
  custom: string;
  apply: string;
  cancel: string;
  /** Describes the custom selection while a start is picked but no end yet. */
  pickEnd: string;
}

/** All texts @jowi/ui shows by itself. */
export interface UiMessages {
  close: string;
  dataTable: DataTableMessages;
  dateRange: DateRangeMessages;
  commandPalette: { title: string; placeholder: string; empty: string };
  /** `region` names the corner toasts appear in; `item` is read before each toast. */
  toast: { region: string; item: string };
  form: { errorSummary: string };
  select: { placeholder: string };
  shell: { navigation: string; openNavigation: string };
}

/** Number, currency and language settings of @jowi/ui's components. */
export interface UiLocale {
  /** BCP 47 tag for dates, e.g. `uz-UZ`. */
  tag: string;
  /** Separators of numbers. */
  number: DecimalFormat;
  /** The currency word after amounts, e.g. `so‘m`. */
  currency: string;
  /** date-fns locale for the calendar (month and weekday names). */
  dates: Locale;
  messages: UiMessages;
}

const en: UiMessages = {
  close: 'Close',
  dataTable: {
    loading: 'Loading…',
    empty: 'Nothing here yet',
    noResults: 'No results match the filters',
    clearFilters: 'Clear filters',
    errorTitle: 'Could not load the data',
    retry: 'Try again',
    search: 'Search',
    columns: 'Columns',
    previousPage: 'Previous page',
    nextPage: 'Next page',
    rowsPerPage: 'Rows per page',
    pagination: 'Pagination',
    range: (from, to, total) => (total === null ? `${from}–${to}` : `${from}–${to} of ${total}`),
    filterColumn: (column) => `Filter by ${column}`,
    sortHint: 'activate to sort',
    refreshing: 'Updating…',
  },
  dateRange: {
    label: 'Date range',
    placeholder: 'Choose dates',
    presets: {
      today: 'Today',
      yesterday: 'Yesterday',
      last7Days: 'Last 7 days',
      last30Days: 'Last 30 days',
      thisWeek: 'This week',
      lastWeek: 'Last week',
      thisMonth: 'This month',
      lastMonth: 'Last month',
    },
    custom: 'Custom',
    apply: 'Apply',
    cancel: 'Cancel',
    pickEnd: 'Now pick the last day',
  },
  commandPalette: { title: 'Command palette', placeholder: 'Type a command or search…', empty: 'No results' },
  toast: { region: 'Notifications', item: 'Notification' },
  form: { errorSummary: 'Please correct the following:' },
  select: { placeholder: 'Choose…' },
  shell: { navigation: 'Main navigation', openNavigation: 'Open navigation' },
};

const ru: UiMessages = {
  close: 'Закрыть',
  dataTable: {
    loading: 'Загрузка…',
    empty: 'Здесь пока ничего нет',
    noResults: 'Ничего не найдено по этим фильтрам',
    clearFilters: 'Сбросить фильтры',
    errorTitle: 'Не удалось загрузить данные',
    retry: 'Повторить',
    search: 'Поиск',
    columns: 'Столбцы',
    previousPage: 'Предыдущая страница',
    nextPage: 'Следующая страница',
    rowsPerPage: 'Строк на странице',
    pagination: 'Страницы',
    range: (from, to, total) => (total === null ? `${from}–${to}` : `${from}–${to} из ${total}`),
    filterColumn: (column) => `Фильтр: ${column}`,
    sortHint: 'нажмите для сортировки',
    refreshing: 'Обновление…',
  },
  dateRange: {
    label: 'Период',
    placeholder: 'Выберите даты',
    presets: {
      today: 'Сегодня',
      yesterday: 'Вчера',
      last7Days: 'Последние 7 дней',
      last30Days: 'Последние 30 дней',
      thisWeek: 'Эта неделя',
      lastWeek: 'Прошлая неделя',
      thisMonth: 'Этот месяц',
      lastMonth: 'Прошлый месяц',
    },
    custom: 'Свой период',
    apply: 'Применить',
    cancel: 'Отмена',
    pickEnd: 'Теперь выберите последний день',
  },
  commandPalette: {
    title: 'Команды',
    placeholder: 'Введите команду или запрос…',
    empty: 'Ничего не найдено',
  },
  toast: { region: 'Уведомления', item: 'Уведомление' },
  form: { errorSummary: 'Исправьте, пожалуйста:' },
  select: { placeholder: 'Выберите…' },
  shell: { navigation: 'Главное меню', openNavigation: 'Открыть меню' },
};

const uz: UiMessages = {
  close: 'Yopish',
  dataTable: {
    loading: 'Yuklanmoqda…',
    empty: 'Hozircha hech narsa yo‘q',
    noResults: 'Filtrlarga mos natija topilmadi',
    clearFilters: 'Filtrlarni tozalash',
    errorTitle: 'Ma’lumotlarni yuklab bo‘lmadi',
    retry: 'Qayta urinish',
    search: 'Qidirish',
    columns: 'Ustunlar',
    previousPage: 'Oldingi sahifa',
    nextPage: 'Keyingi sahifa',
    rowsPerPage: 'Sahifadagi qatorlar',
    pagination: 'Sahifalar',
    range: (from, to, total) => (total === null ? `${from}–${to}` : `${from}–${to} / ${total}`),
    filterColumn: (column) => `Filtr: ${column}`,
    sortHint: 'saralash uchun bosing',
    refreshing: 'Yangilanmoqda…',
  },
  dateRange: {
    label: 'Davr',
    placeholder: 'Sanalarni tanlang',
    presets: {
      today: 'Bugun',
      yesterday: 'Kecha',
      last7Days: 'Oxirgi 7 kun',
      last30Days: 'Oxirgi 30 kun',
      thisWeek: 'Shu hafta',
      lastWeek: 'O‘tgan hafta',
      thisMonth: 'Shu oy',
      lastMonth: 'O‘tgan oy',
    },
    custom: 'Boshqa davr',
    apply: 'Qo‘llash',
    cancel: 'Bekor qilish',
    pickEnd: 'Endi oxirgi kunni tanlang',
  },
  commandPalette: { title: 'Buyruqlar', placeholder: 'Buyruq yoki qidiruv…', empty: 'Hech narsa topilmadi' },
  toast: { region: 'Bildirishnomalar', item: 'Bildirishnoma' },
  form: { errorSummary: 'Iltimos, quyidagilarni tuzating:' },
  select: { placeholder: 'Tanlang…' },
  shell: { navigation: 'Asosiy menyu', openNavigation: 'Menyuni ochish' },
};

const spaced: DecimalFormat = { group: '\u00a0', decimal: ',' };

/** Ready-made settings for the three interface languages. */
export const uiLocales: Record<'uz' | 'ru' | 'en', UiLocale> = {
  uz: { tag: 'uz-UZ', number: spaced, currency: 'so‘m', dates: uzDates, messages: uz },
  ru: { tag: 'ru-RU', number: spaced, currency: 'сум', dates: ruDates, messages: ru },
  en: { tag: 'en-GB', number: { group: ',', decimal: '.' }, currency: 'so‘m', dates: enGB, messages: en },
};

/** Groups an integer count for messages, e.g. `100000` → "100 000" in uz. */
export function formatCount(value: number, format: DecimalFormat): string {
  return formatDecimalString(String(Math.trunc(value)), format);
}
