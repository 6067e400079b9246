/**
 * A product's stock level in one store, from `Product.stockLevels`: a store the product never
 * moved in has no level, which reads as zero on hand and no threshold.
 */
import { parseQuantity } from '@jowi/receipt';

export interface LevelInStore {
  quantity: string;
  negative: boolean;
  averageCost?: string | null;
  threshold?: string | null;
}

export function levelIn<L extends LevelInStore & { store: { id: string } }>(
  levels: readonly L[],
  storeId: string | undefined,
): LevelInStore {
  return (
    levels.find((level) => level.store.id === storeId) ?? {
      quantity: '0.000',
      negative: false,
      averageCost: null,
      threshold: null,
    }
  );
}

/** Below its threshold (as `lowStock` counts it: strictly below), compared in thousandths, never as floats. */
export function isLow(level: LevelInStore): boolean {
  return level.threshold != null && parseQuantity(level.quantity) < parseQuantity(level.threshold);
}
