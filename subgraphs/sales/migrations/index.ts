import { SalesInit1764300000300 } from './1764300000300-sales-init.ts';
import { ShiftsRefunds1764600000300 } from './1764600000300-shifts-refunds.ts';
import { CustomerAliases1764950000300 } from './1764950000300-customer-aliases.ts';
import { CatalogProjection1765000000300 } from './1765000000300-catalog-projection.ts';
import { SaleReview1765100000300 } from './1765100000300-sale-review.ts';
import { TerminalHealth1765100000300 } from './1765100000300-terminal-health.ts';
import { LineCategory1765210000300 } from './1765210000300-line-category.ts';
import { DailyRollup1765500000300 } from './1765500000300-daily-rollup.ts';
import { RollupLinearReceipts1765600000300 } from './1765600000300-rollup-linear-receipts.ts';
import { RollupSlots1765700000300 } from './1765700000300-rollup-slots.ts';

/** Every migration of the sales schema, in order. */
export const migrations = [
  SalesInit1764300000300,
  ShiftsRefunds1764600000300,
  CustomerAliases1764950000300,
  CatalogProjection1765000000300,
  TerminalHealth1765100000300,
  SaleReview1765100000300,
  LineCategory1765210000300,
  DailyRollup1765500000300,
  RollupLinearReceipts1765600000300,
  RollupSlots1765700000300,
];
