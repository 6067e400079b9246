/** Texts of the sales reports page (`/reports`). */
import type { Locale } from '../locale.ts';

export type ReportTab = 'byDay' | 'byProduct' | 'byCategory' | 'byCashier' | 'byPaymentMethod' | 'vat';

export interface ReportsTexts {
  title: string;
  subtitle: string;
  tabs: Record<ReportTab, string>;
  descriptions: Record<ReportTab, string>;
  download: string;
  downloadCsv: string;
  downloadXlsx: string;
  columns: {
    date: string;
    product: string;
    category: string;
    cashier: string;
    method: string;
    vatRate: string;
    quantity: string;
    refundedQuantity: string;
    receipts: string;
    revenue: string;
    discounts: string;
    refunds: string;
    refundCount: string;
    net: string;
    vat: string;
    averageCheck: string;
    sales: string;
    salesVat: string;
    refundsVat: string;
    netVat: string;
    netWithoutVat: string;
  };
  total: string;
  uncategorised: string;
  unknownCashier: string;
  noVatRate: string;
  topShown: string;
  emptyTitle: string;
  emptyDescription: string;
}

export const reports: Record<Locale, ReportsTexts> = {
  uz: {
    title: 'Hisobotlar',
    subtitle: 'Tanlangan davr va do‘konlar bo‘yicha savdo: jadval, grafik va CSV/XLSX yuklab olish.',
    tabs: {
      byDay: 'Kunlar',
      byProduct: 'Mahsulotlar',
      byCategory: 'Kategoriyalar',
      byCashier: 'Kassirlar',
      byPaymentMethod: 'To‘lov usullari',
      vat: 'QQS',
    },
    descriptions: {
      byDay: 'Har bir ish kuni: cheklar, tushum, qaytarishlar va sof tushum.',
      byProduct: 'Sotilgan va qaytarilgan mahsulotlar, tushum bo‘yicha.',
      byCategory: 'Sotuv paytidagi kategoriya bo‘yicha (keyingi o‘zgarishlar eski hisobotni o‘zgartirmaydi).',
      byCashier: 'Har bir kassirning cheklari, qaytarishlari va o‘rtacha cheki.',
      byPaymentMethod: 'Har bir to‘lov usuli bo‘yicha sotuv va qaytarishlar.',
      vat: 'QQS stavkalari bo‘yicha hisobot: QQS bilan summa, QQS va soliq bazasi.',
    },
    download: 'Yuklab olish',
    downloadCsv: 'CSV',
    downloadXlsx: 'Excel (XLSX)',
    columns: {
      date: 'Sana',
      product: 'Mahsulot',
      category: 'Kategoriya',
      cashier: 'Kassir',
      method: 'To‘lov usuli',
      vatRate: 'QQS stavkasi',
      quantity: 'Miqdor',
      refundedQuantity: 'Qaytarilgan',
      receipts: 'Cheklar',
      revenue: 'Tushum',
      discounts: 'Chegirmalar',
      refunds: 'Qaytarishlar',
      refundCount: 'Qaytarishlar soni',
      net: 'Sof tushum',
      vat: 'QQS',
      averageCheck: 'O‘rtacha chek',
      sales: 'Sotuvlar',
      salesVat: 'Sotuvlar QQS',
      refundsVat: 'Qaytarishlar QQS',
      netVat: 'Sof QQS',
      netWithoutVat: 'QQSsiz',
    },
    total: 'Jami',
    uncategorised: 'Kategoriyasiz',
    unknownCashier: 'Noma’lum kassir',
    noVatRate: 'Stavkasiz',
    topShown: 'Eng ko‘p sotilgan {count} ta mahsulot ko‘rsatilgan; to‘liq ro‘yxat yuklab olinadigan faylda.',
    emptyTitle: 'Bu davrda savdo yo‘q',
    emptyDescription: 'Boshqa sanalarni yoki do‘konni tanlang.',
  },
  ru: {
    title: 'Отчёты',
    subtitle: 'Продажи за период и по магазинам: таблица, график и выгрузка в CSV/XLSX.',
    tabs: {
      byDay: 'По дням',
      byProduct: 'По товарам',
      byCategory: 'По категориям',
      byCashier: 'По кассирам',
      byPaymentMethod: 'По оплатам',
      vat: 'НДС',
    },
    descriptions: {
      byDay: 'Каждый рабочий день: чеки, выручка, возвраты и чистая выручка.',
      byProduct: 'Проданные и возвращённые товары по выручке.',
      byCategory: 'По категории на момент продажи (последующие изменения не меняют прошлые отчёты).',
      byCashier: 'Чеки, возвраты и средний чек каждого кассира.',
      byPaymentMethod: 'Продажи и возвраты по способам оплаты.',
      vat: 'Отчёт по ставкам НДС: сумма с НДС, НДС и налоговая база.',
    },
    download: 'Скачать',
    downloadCsv: 'CSV',
    downloadXlsx: 'Excel (XLSX)',
    columns: {
      date: 'Дата',
      product: 'Товар',
      category: 'Категория',
      cashier: 'Кассир',
      method: 'Способ оплаты',
      vatRate: 'Ставка НДС',
      quantity: 'Количество',
      refundedQuantity: 'Возвращено',
      receipts: 'Чеки',
      revenue: 'Выручка',
      discounts: 'Скидки',
      refunds: 'Возвраты',
      refundCount: 'Число возвратов',
      net: 'Чистая выручка',
      vat: 'НДС',
      averageCheck: 'Средний чек',
      sales: 'Продажи',
      salesVat: 'НДС продаж',
      refundsVat: 'НДС возвратов',
      netVat: 'НДС итого',
      netWithoutVat: 'Без НДС',
    },
    total: 'Итого',
    uncategorised: 'Без категории',
    unknownCashier: 'Неизвестный кассир',
    noVatRate: 'Без ставки',
    topShown: 'Показаны {count} самых продаваемых товаров; полный список — в выгрузке.',
    emptyTitle: 'За этот период продаж нет',
    emptyDescription: 'Выберите другие даты или магазин.',
  },
  en: {
    title: 'Reports',
    subtitle: 'Sales for a range and stores: table, chart and CSV/XLSX download.',
    tabs: {
      byDay: 'By day',
      byProduct: 'By product',
      byCategory: 'By category',
      byCashier: 'By cashier',
      byPaymentMethod: 'By payment',
      vat: 'VAT',
    },
    descriptions: {
      byDay: 'Every business day: receipts, revenue, refunds and net.',
      byProduct: 'Products sold and refunded, by revenue.',
      byCategory: 'By the category at the time of sale (later changes never rewrite past reports).',
      byCashier: 'Each cashier’s receipts, refunds and average check.',
      byPaymentMethod: 'Sales and refunds per payment method.',
      vat: 'VAT by rate: amounts with VAT, VAT, and the taxable base.',
    },
    download: 'Download',
    downloadCsv: 'CSV',
    downloadXlsx: 'Excel (XLSX)',
    columns: {
      date: 'Date',
      product: 'Product',
      category: 'Category',
      cashier: 'Cashier',
      method: 'Payment method',
      vatRate: 'VAT rate',
      quantity: 'Quantity',
      refundedQuantity: 'Refunded',
      receipts: 'Receipts',
      revenue: 'Revenue',
      discounts: 'Discounts',
      refunds: 'Refunds',
      refundCount: 'Refund count',
      net: 'Net',
      vat: 'VAT',
      averageCheck: 'Average check',
      sales: 'Sales',
      salesVat: 'Sales VAT',
      refundsVat: 'Refunds VAT',
      netVat: 'Net VAT',
      netWithoutVat: 'Without VAT',
    },
    total: 'Total',
    uncategorised: 'Uncategorised',
    unknownCashier: 'Unknown cashier',
    noVatRate: 'No rate',
    topShown: 'The {count} best-selling products are shown; the download has them all.',
    emptyTitle: 'No sales in this range',
    emptyDescription: 'Choose other dates or another store.',
  },
};
