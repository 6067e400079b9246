import { FiscalInit1764300000600 } from './1764300000600-fiscal-init.ts';
import { FiscalCentral1764900000600 } from './1764900000600-fiscal-central.ts';
import { CatalogProjection1765000000600 } from './1765000000600-catalog-projection.ts';
import { ReceiptStore1765200000600 } from './1765200000600-receipt-store.ts';

/** Every migration of the fiscal schema, in order. */
export const migrations = [
  FiscalInit1764300000600,
  FiscalCentral1764900000600,
  CatalogProjection1765000000600,
  ReceiptStore1765200000600,
];
