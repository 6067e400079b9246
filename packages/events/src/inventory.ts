/** Events of the inventory subgraph. */
import { z } from 'zod';
import { quantity, uuid } from './scalars.ts';

/**
 * `stock.low` v1: a product's level in a store fell below its threshold (once per crossing; it
 * re-arms when the level is back at or above it). Aggregate: the product id.
 */
export const stockLowV1 = z.object({
  storeId: uuid,
  productId: uuid,
  /** The level after the movements that crossed the threshold (may be negative). */
  quantity,
  threshold: quantity,
});
