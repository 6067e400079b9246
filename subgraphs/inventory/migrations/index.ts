import { InventoryInit1764300000400 } from './1764300000400-inventory-init.ts';

/** Every migration of the inventory schema, in order. */
export const migrations = [InventoryInit1764300000400];
