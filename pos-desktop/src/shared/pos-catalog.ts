/**
 * `window.pos.catalog`: the till's local copy of the catalog (the host's SQLite store, filled from
 * the compact change feed), searched and browsed without the network. Prices are the store's: a
 * store override when there is one, else the base price. A price that changes reaches the next
 * lookup only; a cart already on screen keeps the prices it was built with.
 */
import type { MoneyText, PosResult } from './pos-types.ts';

/** A sellable product as the till holds it. */
export interface CatalogItem {
  id: string;
  sku: string;
  /** Display name (Uzbek). */
  name: string;
  names: { ru: string | null; en: string | null };
  /** The price in this till's store (override or base), VAT included. */
  price: MoneyText;
  /** The base price, before a store override. */
  basePrice: MoneyText;
  vatRate: number;
  ikpu: string;
  packageCode: string;
  unit: string;
  categoryId: string | null;
  ownerType: string;
  markingRequired: boolean;
  imageUrl: string | null;
  barcodes: string[];
  modifierGroupIds: string[];
  /** `Product.cashlessOnly` (alcohol, tobacco): no cash payment (the compact feed's `cashlessOnly`). */
  cashlessOnly: boolean;
}

export interface CatalogCategory {
  id: string;
  name: string;
  parentId: string | null;
  /** Active products directly in the category. */
  productCount: number;
}

export interface CatalogModifierGroup {
  id: string;
  name: string;
  required: boolean;
  minSelections: number;
  maxSelections: number;
  options: Array<{ id: string; name: string; priceDelta: MoneyText }>;
}

/** A window of a list, for a virtualised grid: `total` rows exist, `items` start at `offset`. */
export interface CatalogSlice {
  /** Rows in the whole list (a search stops counting at 1000: then `capped`). */
  total: number;
  capped: boolean;
  offset: number;
  items: CatalogItem[];
}

export interface CatalogStatus {
  /** Active products stored. */
  products: number;
  /** The catalog version held (the `catalogChanges` cursor); null before the first pull. */
  version: string | null;
  /** When the last pull finished (ISO), or null. */
  pulledAt: string | null;
  /** A pull is running. */
  pulling: boolean;
  /** Why the last pull failed (`network`, `unauthenticated`, `server`, `store`: the till's own catalog file), or null. */
  lastError: string | null;
}

export interface CatalogSearchInput {
  /** Words (Latin or Cyrillic, any case, apostrophes optional), a SKU or a barcode. */
  query: string;
  categoryId?: string | null;
  offset?: number;
  /** At most 200 (default 50). */
  limit?: number;
}

export interface CatalogBrowseInput {
  /** null: every active product. */
  categoryId?: string | null;
  offset?: number;
  limit?: number;
}

export interface PosCatalogApi {
  status(): Promise<PosResult<CatalogStatus>>;
  /** Matches every word in names (uz/ru/en), SKU and barcodes; an exact barcode comes first. */
  search(input: CatalogSearchInput): Promise<PosResult<CatalogSlice>>;
  /** Active products by name, optionally of one category. */
  browse(input: CatalogBrowseInput): Promise<PosResult<CatalogSlice>>;
  /** The active product with this barcode (scanner), or null. */
  byBarcode(barcode: string): Promise<PosResult<CatalogItem | null>>;
  product(id: string): Promise<PosResult<CatalogItem | null>>;
  /** Active categories by name. */
  categories(): Promise<PosResult<CatalogCategory[]>>;
  /** Active modifier groups with these ids, in the order asked. */
  modifierGroups(ids: string[]): Promise<PosResult<CatalogModifierGroup[]>>;
  /** Pulls the changes now (also done on start, every few minutes and when the server is ahead). */
  pullNow(): Promise<PosResult<CatalogStatus>>;
  /**
   * `search` when the query has words, else `browse` — with the catalog version the window was
   * read at (in the same step, so the prices in it are exactly that version's).
   */
  view(input: CatalogSearchInput): Promise<PosResult<CatalogView>>;
  /** This terminal's favourites (the quick grid), in the order pinned; archived products left out. */
  favourites(): Promise<PosResult<CatalogFavourites>>;
  /** Pins a product to the quick grid (at the end) or unpins it; answers the new list. */
  setFavourite(input: { productId: string; pinned: boolean }): Promise<PosResult<CatalogFavourites>>;
}

/** A window of the list with the catalog version its prices come from. */
export interface CatalogView extends CatalogSlice {
  /** The catalog version held when the window was read (null before the first pull). */
  version: string | null;
}

/** The quick grid: products pinned on this terminal, kept by the host (not in the catalog copy). */
export interface CatalogFavourites {
  items: CatalogItem[];
  version: string | null;
}

/** At most this many favourites per terminal (one screen of tiles). */
export const MAX_FAVOURITES = 48;
