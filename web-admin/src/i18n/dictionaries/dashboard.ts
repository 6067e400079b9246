/** Texts of the dashboard. */
import type { Locale } from '../locale.ts';

export interface DashboardTexts {
  title: string;
  subtitle: string;
  range: string;
  metrics: {
    net: string;
    netDefinition: string;
    revenue: string;
    revenueDefinition: string;
    receipts: string;
    receiptsDefinition: string;
    averageCheck: string;
    averageCheckDefinition: string;
    refunds: string;
    refundsDefinition: string;
    vat: string;
    vatDefinition: string;
  };
  comparedWith: string;
  byHour: string;
  byHourDescription: string;
  byDay: string;
  byPayment: string;
  methods: Record<'CASH' | 'CARD' | 'PAYME' | 'CLICK' | 'UZUM' | 'LOYALTY', string>;
  columns: { method: string; sales: string; refunds: string; net: string; count: string };
  topProducts: string;
  productColumns: { name: string; quantity: string; revenue: string; receipts: string };
  noSalesTitle: string;
  noSalesDescription: string;
  terminals: string;
  terminalColumns: { terminal: string; lastSeen: string; outbox: string; parked: string; version: string };
  terminalsEmpty: string;
  terminalsAllSynced: string;
  stale: string;
  fiscalAttention: string;
  fiscalAttentionEmpty: string;
  openFiscal: string;
  openReceipt: string;
}

export const dashboard: Record<Locale, DashboardTexts> = {
  uz: {
    title: 'Bosh sahifa',
    subtitle: 'Tanlangan davr bo‘yicha savdo ko‘rsatkichlari.',
    range: 'Davr',
    metrics: {
      net: 'Sof savdo',
      netDefinition: 'Savdo summasi (chegirmalardan keyin) minus qaytarishlar.',
      revenue: 'Tushum',
      revenueDefinition: 'Cheklar summasi, chegirmalardan keyin.',
      receipts: 'Cheklar',
      receiptsDefinition: 'Davrdagi savdo cheklari soni.',
      averageCheck: 'O‘rtacha chek',
      averageCheckDefinition: 'Tushum ÷ cheklar soni, tiyingacha yaxlitlangan.',
      refunds: 'Qaytarishlar',
      refundsDefinition: 'Davrda qaytarilgan summa (qaysi kuni sotilganidan qat’i nazar).',
      vat: 'QQS',
      vatDefinition: 'Savdolar QQSi minus qaytarishlar QQSi.',
    },
    comparedWith: 'oldingi davrga nisbatan',
    byHour: 'Soatlar bo‘yicha tushum',
    byHourDescription: 'Har bir chek o‘z do‘konining vaqt mintaqasida hisoblanadi.',
    byDay: 'Kunlar bo‘yicha tushum',
    byPayment: 'To‘lov usullari',
    methods: { CASH: 'Naqd', CARD: 'Karta', PAYME: 'Payme', CLICK: 'Click', UZUM: 'Uzum', LOYALTY: 'Ballar' },
    columns: { method: 'Usul', sales: 'Savdo', refunds: 'Qaytarish', net: 'Sof', count: 'Cheklar' },
    topProducts: 'Eng ko‘p sotilganlar',
    productColumns: { name: 'Mahsulot', quantity: 'Miqdor', revenue: 'Tushum', receipts: 'Cheklar' },
    noSalesTitle: 'Bu davrda savdo yo‘q',
    noSalesDescription: 'Boshqa davr yoki do‘konni tanlang.',
    terminals: 'Kassalar sinxronizatsiyasi',
    terminalColumns: {
      terminal: 'Kassa',
      lastSeen: 'Oxirgi aloqa',
      outbox: 'Yuborilmagan',
      parked: 'E’tibor talab',
      version: 'Versiya',
    },
    terminalsEmpty: 'Hali birorta kassa holat yubormagan.',
    terminalsAllSynced: 'Hamma kassalar sinxronlangan.',
    stale: 'Aloqa yo‘q',
    fiscalAttention: 'E’tibor talab qiluvchi fiskal cheklar',
    fiscalAttentionEmpty: 'Muammoli fiskal cheklar yo‘q.',
    openFiscal: 'Fiskal sahifasini ochish',
    openReceipt: 'Chekni ochish',
  },
  ru: {
    title: 'Главная',
    subtitle: 'Показатели продаж за выбранный период.',
    range: 'Период',
    metrics: {
      net: 'Чистые продажи',
      netDefinition: 'Сумма продаж (после скидок) минус возвраты.',
      revenue: 'Выручка',
      revenueDefinition: 'Сумма чеков после скидок.',
      receipts: 'Чеки',
      receiptsDefinition: 'Число чеков продажи за период.',
      averageCheck: 'Средний чек',
      averageCheckDefinition: 'Выручка ÷ число чеков, округлено до тийина.',
      refunds: 'Возвраты',
      refundsDefinition: 'Сумма возвратов за период (когда бы ни была продажа).',
      vat: 'НДС',
      vatDefinition: 'НДС продаж минус НДС возвратов.',
    },
    comparedWith: 'к предыдущему периоду',
    byHour: 'Выручка по часам',
    byHourDescription: 'Каждый чек считается в часовом поясе своего магазина.',
    byDay: 'Выручка по дням',
    byPayment: 'Способы оплаты',
    methods: {
      CASH: 'Наличные',
      CARD: 'Карта',
      PAYME: 'Payme',
      CLICK: 'Click',
      UZUM: 'Uzum',
      LOYALTY: 'Баллы',
    },
    columns: { method: 'Способ', sales: 'Продажи', refunds: 'Возвраты', net: 'Итого', count: 'Чеки' },
    topProducts: 'Лидеры продаж',
    productColumns: { name: 'Товар', quantity: 'Количество', revenue: 'Выручка', receipts: 'Чеки' },
    noSalesTitle: 'За этот период продаж нет',
    noSalesDescription: 'Выберите другой период или магазин.',
    terminals: 'Синхронизация касс',
    terminalColumns: {
      terminal: 'Касса',
      lastSeen: 'Последняя связь',
      outbox: 'Не отправлено',
      parked: 'Требуют внимания',
      version: 'Версия',
    },
    terminalsEmpty: 'Ни одна касса ещё не сообщала о себе.',
    terminalsAllSynced: 'Все кассы синхронизированы.',
    stale: 'Нет связи',
    fiscalAttention: 'Фискальные чеки, требующие внимания',
    fiscalAttentionEmpty: 'Проблемных фискальных чеков нет.',
    openFiscal: 'Открыть фискализацию',
    openReceipt: 'Открыть чек',
  },
  en: {
    title: 'Dashboard',
    subtitle: 'Sales figures for the chosen period.',
    range: 'Period',
    metrics: {
      net: 'Net sales',
      netDefinition: 'Sales (after discounts) minus refunds.',
      revenue: 'Revenue',
      revenueDefinition: 'Sum of receipts after discounts.',
      receipts: 'Receipts',
      receiptsDefinition: 'Number of sale receipts in the period.',
      averageCheck: 'Average receipt',
      averageCheckDefinition: 'Revenue ÷ receipts, rounded to the tiyin.',
      refunds: 'Refunds',
      refundsDefinition: 'Amount refunded in the period, whenever the sale was made.',
      vat: 'VAT',
      vatDefinition: 'VAT of sales minus VAT of refunds.',
    },
    comparedWith: 'vs the previous period',
    byHour: 'Revenue by hour',
    byHourDescription: 'Each receipt counts in its own store’s time zone.',
    byDay: 'Revenue by day',
    byPayment: 'Payment methods',
    methods: { CASH: 'Cash', CARD: 'Card', PAYME: 'Payme', CLICK: 'Click', UZUM: 'Uzum', LOYALTY: 'Points' },
    columns: { method: 'Method', sales: 'Sales', refunds: 'Refunds', net: 'Net', count: 'Receipts' },
    topProducts: 'Top products',
    productColumns: { name: 'Product', quantity: 'Quantity', revenue: 'Revenue', receipts: 'Receipts' },
    noSalesTitle: 'No sales in this period',
    noSalesDescription: 'Choose another period or store.',
    terminals: 'Till sync',
    terminalColumns: {
      terminal: 'Till',
      lastSeen: 'Last seen',
      outbox: 'Unsent',
      parked: 'Need attention',
      version: 'Version',
    },
    terminalsEmpty: 'No till has reported yet.',
    terminalsAllSynced: 'Every till is synced.',
    stale: 'Not heard from',
    fiscalAttention: 'Fiscal receipts needing attention',
    fiscalAttentionEmpty: 'No fiscal receipt has a problem.',
    openFiscal: 'Open fiscal page',
    openReceipt: 'Open receipt',
  },
};
