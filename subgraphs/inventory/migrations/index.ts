import { InventoryInit1764300000400 } from './1764300000400-inventory-init.ts';
import { StockFromSales1764700000400 } from './1764700000400-stock-from-sales.ts';
import { InventoryDocuments1764800000400 } from './1764800000400-inventory-documents.ts';
import { InventoryDropSkippedEvent1765000000400 } from './1765000000400-drop-skipped-event.ts';
import { InventoryDropMovementReferenceIndex1765900000400 } from './1765900000400-drop-movement-reference-index.ts';

/** Every migration of the inventory schema, in order. */
export const migrations = [
  InventoryInit1764300000400,
  StockFromSales1764700000400,
  InventoryDocuments1764800000400,
  InventoryDropSkippedEvent1765000000400,
  InventoryDropMovementReferenceIndex1765900000400,
];
