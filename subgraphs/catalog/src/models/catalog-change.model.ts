import type { ProductRow } from '../entities/product.entity.ts';

/** What changed: a product, a category or a modifier group. */
export type CatalogEntityKind = 'PRODUCT' | 'CATEGORY' | 'MODIFIER_GROUP';

/** Archive is an UPSERT; DELETE is sent for hard-deleted categories and modifier groups. */
export type ChangeKind = 'UPSERT' | 'DELETE';

/** One entry of the catalog change feed (`catalogChanges`): the latest change of one entity. */
export interface CatalogChangeNode {
  kind: ChangeKind;
  entity: CatalogEntityKind;
  id: string;
  seq: string;
  /**
   * The product as the page's statement read it (PRODUCT upserts of a page read with the
   * change feed's `ProductRead`): only the columns asked for, `barcodes` when asked for.
   * Undefined when it was not read; the resolver then loads it.
   */
  product?: ProductRow;
}

/**
 * A page of the change feed. `compact` is there when the query selected it: the page was then
 * read and built as JSON by the compact statement (services/compact-feed.ts).
 */
export interface CatalogChangePageNode {
  changes: CatalogChangeNode[];
  cursor: string;
  hasMore: boolean;
  compact?: object;
}
