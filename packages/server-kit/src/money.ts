/**
 * Money and quantities in the database. The arithmetic and the wire format live in
 * `@jowi/receipt` (integer tiyin and thousandths, never a float); this file only maps them to
 * PostgreSQL columns, and re-exports the parse/format helpers every service uses with them.
 */
import { formatQuantity, parseQuantity } from '@jowi/receipt';
import type { ValueTransformer } from 'typeorm';

export {
  DecimalFormatError,
  formatMoney,
  formatQuantity,
  moneyTimesQuantity,
  parseMoney,
  parseQuantity,
} from '@jowi/receipt';

/** TypeORM transformer for `bigint` (int8) money columns: the driver returns strings, we want bigint. */
export const moneyColumn: ValueTransformer = {
  to: (value: bigint | null | undefined) =>
    value === null || value === undefined ? value : value.toString(),
  from: (value: string | null) => (value === null ? null : BigInt(value)),
};

/** TypeORM transformer for `numeric(18,3)` quantity columns ↔ bigint thousandths. */
export const quantityColumn: ValueTransformer = {
  to: (value: bigint | null | undefined) =>
    value === null || value === undefined ? value : formatQuantity(value),
  from: (value: string | null) => (value === null ? null : parseQuantity(value)),
};
