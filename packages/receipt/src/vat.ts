/**
 * The VAT rates of Uzbekistan — the one definition the catalog, the sales service, the fiscal
 * gateway and the POS check against (docs/decisions.md, "One set of VAT rates").
 *
 * - 12 % is the standard rate since 1 January 2023 (Tax Code as amended; it was 15 % before);
 * - 0 % is the exempt / zero rate;
 * - 15 % is the legacy standard rate: fiscal modules still accept `VATPercent` 15 (0 / 12;
 *   legacy 15), and a receipt dated before 1 January 2023 (Tashkent) carries it. Nothing dated
 *   later may.
 *
 * A product is sold today, so it carries one of {@link PRODUCT_VAT_RATES}. A receipt line carries
 * one of {@link RECEIPT_VAT_RATES} that was in force on the receipt's date ({@link isVatRateOn}).
 */

/** The standard rate since 2023-01-01, and the rate of a line that names none. */
export const STANDARD_VAT_RATE = 12;
/** Exempt and zero-rated goods and services. */
export const EXEMPT_VAT_RATE = 0;
/** The standard rate before 2023-01-01. */
export const LEGACY_VAT_RATE = 15;
/** When 12 % replaced 15 %: midnight of 1 January 2023 in Tashkent (UTC+5). */
export const VAT_RATE_CHANGED_AT = new Date('2023-01-01T00:00:00+05:00');

/** The rates a product may carry: the ones in force today. */
export const PRODUCT_VAT_RATES = [STANDARD_VAT_RATE, EXEMPT_VAT_RATE] as const;
/** A rate of {@link PRODUCT_VAT_RATES}. */
export type ProductVatRate = (typeof PRODUCT_VAT_RATES)[number];

/** The rates a receipt line may carry (with {@link isVatRateOn} for its date). */
export const RECEIPT_VAT_RATES = [STANDARD_VAT_RATE, EXEMPT_VAT_RATE, LEGACY_VAT_RATE] as const;
/** A rate of {@link RECEIPT_VAT_RATES}. */
export type ReceiptVatRate = (typeof RECEIPT_VAT_RATES)[number];

/** Whether `rate` is a rate a product may carry (12 or 0). */
export function isProductVatRate(rate: unknown): rate is ProductVatRate {
  return (PRODUCT_VAT_RATES as readonly unknown[]).includes(rate);
}

/** Whether `rate` is any rate a receipt line may carry (12, 0 or the legacy 15), whatever its date. */
export function isReceiptVatRate(rate: unknown): rate is ReceiptVatRate {
  return (RECEIPT_VAT_RATES as readonly unknown[]).includes(rate);
}

/**
 * Whether a receipt dated `at` may carry `rate`: 0 and 12 always (a till's clock may be off, and
 * 12 was never invalid to write), 15 only before {@link VAT_RATE_CHANGED_AT}.
 */
export function isVatRateOn(rate: unknown, at: Date): rate is ReceiptVatRate {
  if (rate === LEGACY_VAT_RATE) return at.getTime() < VAT_RATE_CHANGED_AT.getTime();
  return isProductVatRate(rate);
}
