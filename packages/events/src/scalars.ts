/**
 * The scalars event payloads are made of. Payloads are JSON, so every amount is a string: money
 * as the public `Money` scalar ("12500.00", two decimals), quantities as `Quantity` ("0.150",
 * three decimals). A few older fields carry integers as strings (a catalog price in tiyin,
 * loyalty points); they use {@link integerString} with a `unit` in their metadata, so a public
 * form of a payload (webhooks, subscriptions) can be derived field by field: every field whose
 * metadata says `unit: 'tiyin'` becomes a `Money`, everything else is already public.
 */
import { z } from 'zod';

/** What the metadata of a payload field may say about its unit (read by whoever derives a public form). */
export interface FieldUnit {
  unit: 'money' | 'quantity' | 'tiyin' | 'points';
}

/** A money amount in UZS as the public `Money` scalar: a decimal string with exactly two decimals. */
export const money = z
  .string()
  .regex(/^-?\d{1,15}\.\d{2}$/, 'must be a Money string like "12500.00"')
  .meta({ unit: 'money' } satisfies FieldUnit);

/** A quantity as the public `Quantity` scalar: a decimal string with exactly three decimals. */
export const quantity = z
  .string()
  .regex(/^-?\d{1,15}\.\d{3}$/, 'must be a Quantity string like "1.500"')
  .meta({ unit: 'quantity' } satisfies FieldUnit);

/** An integer written as a string (JSON numbers cannot hold every bigint exactly), in `unit`. */
export const integerString = (unit: 'tiyin' | 'points') =>
  z
    .string()
    .regex(/^-?\d{1,19}$/, 'must be an integer string')
    .meta({ unit } satisfies FieldUnit);

/**
 * A UUID as PostgreSQL's `uuid` type accepts it (8-4-4-4-12 hex digits, any version: ids are
 * UUID v7, but a `uuid` column holds any).
 */
export const uuid = z.guid();

/** An instant as ISO 8601 with a UTC offset (`Date.prototype.toISOString`). */
export const dateTime = z.iso.datetime({ offset: true });

/** A calendar date (`YYYY-MM-DD`), e.g. a business day in the store's time zone. */
export const date = z.iso.date();

/** Payment methods (the `PaymentMethod` enum of the sales SDL). */
export const paymentMethod = z.enum(['CASH', 'CARD', 'PAYME', 'CLICK', 'UZUM', 'LOYALTY']);

/** Who owns what a line sells, as fiscal receipts need it. */
export const ownerType = z.enum(['RESALE', 'OWN_PRODUCTION', 'SERVICE']);
