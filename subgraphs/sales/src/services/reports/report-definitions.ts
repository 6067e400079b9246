/**
 * What each sales report is: its SQL (report-sql.ts), the shape of its rows (parsed with zod at
 * the boundary: amounts and quantities as bigint), and its columns as a download shows them,
 * with headers in Uzbek, Russian and English.
 */
import { z } from 'zod';
import type { PaymentMethod } from '../../entities/sale-payment.entity.ts';
import {
  BY_CASHIER_SQL,
  BY_CATEGORY_SQL,
  BY_DAY_SQL,
  BY_PAYMENT_METHOD_SQL,
  BY_PRODUCT_SQL,
  VAT_SQL,
} from './report-sql.ts';

/** The reports a download can name (`/reports/<name>.csv`). */
export const REPORT_NAMES = [
  'by-day',
  'by-product',
  'by-category',
  'by-cashier',
  'by-payment-method',
  'vat',
] as const;
export type ReportName = (typeof REPORT_NAMES)[number];

/** How a column's values are written: money in so'm with two decimals, quantities with three. */
export type ColumnKind = 'text' | 'date' | 'int' | 'money' | 'quantity';
export type HeaderLanguage = 'uz' | 'ru' | 'en';

export interface ReportColumn {
  key: string;
  kind: ColumnKind;
  header: Record<HeaderLanguage, string>;
  /** Whether the totals row sums it (an average or a rate is not summed). */
  summed: boolean;
}

const tiyin = z.string().transform((v) => BigInt(v));
const count = z.number().int();

export const dayRow = z.object({
  date: z.string(),
  receipts: count,
  revenue: tiyin,
  discounts: tiyin,
  refunds: tiyin,
  net: tiyin,
  vat: tiyin,
});
export const productRow = z.object({
  productId: z.string(),
  name: z.string(),
  quantity: tiyin,
  refundedQuantity: tiyin,
  receipts: count,
  revenue: tiyin,
  discounts: tiyin,
  refunds: tiyin,
  net: tiyin,
  vat: tiyin,
});
export const categoryRow = z.object({
  categoryId: z.string().nullable(),
  quantity: tiyin,
  receipts: count,
  revenue: tiyin,
  discounts: tiyin,
  refunds: tiyin,
  net: tiyin,
  vat: tiyin,
});
export const cashierRow = z.object({
  cashierId: z.string().nullable(),
  receipts: count,
  revenue: tiyin,
  discounts: tiyin,
  refundCount: count,
  refunds: tiyin,
  net: tiyin,
  averageCheck: tiyin,
});
export const paymentMethodRow = z.object({
  method: z.enum(['CASH', 'CARD', 'PAYME', 'CLICK', 'UZUM', 'LOYALTY'] satisfies PaymentMethod[]),
  count,
  sales: tiyin,
  refunds: tiyin,
  net: tiyin,
});
export const vatRow = z.object({
  vatRate: z.number().int().nullable(),
  sales: tiyin,
  salesVat: tiyin,
  refunds: tiyin,
  refundsVat: tiyin,
  net: tiyin,
  netVat: tiyin,
  netWithoutVat: tiyin,
});

export type DayReportRow = z.output<typeof dayRow>;
export type ProductReportRow = z.output<typeof productRow>;
export type CategoryReportRow = z.output<typeof categoryRow>;
export type CashierReportRow = z.output<typeof cashierRow>;
export type PaymentMethodReportRow = z.output<typeof paymentMethodRow>;
export type VatReportRow = z.output<typeof vatRow>;

const col = (
  key: string,
  kind: ColumnKind,
  uz: string,
  ru: string,
  en: string,
  summed = kind === 'money' || kind === 'int' || kind === 'quantity',
): ReportColumn => ({ key, kind, header: { uz, ru, en }, summed });

const FIGURES = {
  receipts: col('receipts', 'int', 'Cheklar', 'Чеки', 'Receipts'),
  revenue: col('revenue', 'money', 'Tushum', 'Выручка', 'Revenue'),
  discounts: col('discounts', 'money', 'Chegirmalar', 'Скидки', 'Discounts'),
  refunds: col('refunds', 'money', 'Qaytarishlar', 'Возвраты', 'Refunds'),
  net: col('net', 'money', 'Sof tushum', 'Чистая выручка', 'Net'),
  vat: col('vat', 'money', 'QQS', 'НДС', 'VAT'),
  quantity: col('quantity', 'quantity', 'Miqdor', 'Количество', 'Quantity'),
};

export interface ReportDefinition {
  name: ReportName;
  sql: string;
  row: z.ZodType<Record<string, unknown>>;
  columns: ReportColumn[];
  /** The file name's stem and a sheet title. */
  title: Record<HeaderLanguage, string>;
}

export const REPORTS: Record<ReportName, ReportDefinition> = {
  'by-day': {
    name: 'by-day',
    sql: BY_DAY_SQL,
    row: dayRow,
    title: { uz: 'Kunlar bo‘yicha', ru: 'По дням', en: 'By day' },
    columns: [
      col('date', 'date', 'Sana', 'Дата', 'Date'),
      FIGURES.receipts,
      FIGURES.revenue,
      FIGURES.discounts,
      FIGURES.refunds,
      FIGURES.net,
      FIGURES.vat,
    ],
  },
  'by-product': {
    name: 'by-product',
    sql: BY_PRODUCT_SQL,
    row: productRow,
    title: { uz: 'Mahsulotlar bo‘yicha', ru: 'По товарам', en: 'By product' },
    columns: [
      col('productId', 'text', 'Mahsulot ID', 'ID товара', 'Product ID'),
      col('name', 'text', 'Nomi', 'Название', 'Name'),
      FIGURES.quantity,
      col('refundedQuantity', 'quantity', 'Qaytarilgan miqdor', 'Возвращено', 'Refunded quantity'),
      FIGURES.receipts,
      FIGURES.revenue,
      FIGURES.discounts,
      FIGURES.refunds,
      FIGURES.net,
      FIGURES.vat,
    ],
  },
  'by-category': {
    name: 'by-category',
    sql: BY_CATEGORY_SQL,
    row: categoryRow,
    title: { uz: 'Toifalar bo‘yicha', ru: 'По категориям', en: 'By category' },
    columns: [
      col('categoryId', 'text', 'Toifa ID', 'ID категории', 'Category ID'),
      col('categoryName', 'text', 'Toifa', 'Категория', 'Category'),
      FIGURES.quantity,
      FIGURES.receipts,
      FIGURES.revenue,
      FIGURES.discounts,
      FIGURES.refunds,
      FIGURES.net,
      FIGURES.vat,
    ],
  },
  'by-cashier': {
    name: 'by-cashier',
    sql: BY_CASHIER_SQL,
    row: cashierRow,
    title: { uz: 'Kassirlar bo‘yicha', ru: 'По кассирам', en: 'By cashier' },
    columns: [
      col('cashierId', 'text', 'Kassir ID', 'ID кассира', 'Cashier ID'),
      col('cashierName', 'text', 'Kassir', 'Кассир', 'Cashier'),
      FIGURES.receipts,
      FIGURES.revenue,
      FIGURES.discounts,
      col('refundCount', 'int', 'Qaytarishlar soni', 'Число возвратов', 'Refund count'),
      FIGURES.refunds,
      FIGURES.net,
      col('averageCheck', 'money', 'O‘rtacha chek', 'Средний чек', 'Average check', false),
    ],
  },
  'by-payment-method': {
    name: 'by-payment-method',
    sql: BY_PAYMENT_METHOD_SQL,
    row: paymentMethodRow,
    title: { uz: 'To‘lov usullari', ru: 'По способам оплаты', en: 'By payment method' },
    columns: [
      col('method', 'text', 'To‘lov usuli', 'Способ оплаты', 'Payment method'),
      col('count', 'int', 'Cheklar', 'Чеки', 'Receipts'),
      col('sales', 'money', 'Sotuvlar', 'Продажи', 'Sales'),
      FIGURES.refunds,
      FIGURES.net,
    ],
  },
  vat: {
    name: 'vat',
    sql: VAT_SQL,
    row: vatRow,
    title: { uz: 'QQS stavkalari', ru: 'НДС по ставкам', en: 'VAT by rate' },
    columns: [
      col('vatRate', 'int', 'QQS stavkasi, %', 'Ставка НДС, %', 'VAT rate, %', false),
      col('sales', 'money', 'Sotuvlar (QQS bilan)', 'Продажи (с НДС)', 'Sales (VAT incl.)'),
      col('salesVat', 'money', 'Sotuvlar QQS', 'НДС продаж', 'Sales VAT'),
      col('refunds', 'money', 'Qaytarishlar (QQS bilan)', 'Возвраты (с НДС)', 'Refunds (VAT incl.)'),
      col('refundsVat', 'money', 'Qaytarishlar QQS', 'НДС возвратов', 'Refunds VAT'),
      col('net', 'money', 'Sof (QQS bilan)', 'Итого (с НДС)', 'Net (VAT incl.)'),
      col('netVat', 'money', 'Sof QQS', 'НДС итого', 'Net VAT'),
      col('netWithoutVat', 'money', 'QQSsiz', 'Без НДС', 'Net without VAT'),
    ],
  },
};
