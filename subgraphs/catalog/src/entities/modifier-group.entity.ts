/** Modifier groups are read and written with SQL (see modifier.service.ts); these are their row shapes. */
export interface ModifierOptionRow {
  id: string;
  name: string;
  /** Added to the price when chosen, in tiyin. */
  priceDelta: bigint;
}

export interface ModifierGroupRow {
  id: string;
  name: string;
  required: boolean;
  minSelections: number;
  maxSelections: number;
  /** False once archived. */
  active: boolean;
  updatedAt: Date;
}
