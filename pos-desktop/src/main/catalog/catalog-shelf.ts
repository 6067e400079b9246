/**
 * What the sell screen reads beside the plain catalog methods: a versioned window of the list
 * (`catalog.view`) and the terminal's favourites (`catalog.favourites`, `catalog.setFavourite`).
 *
 * A window and its version are read in one synchronous step: the store is better-sqlite3 and a
 * pull applies each page synchronously, so no page can land between the rows and the version. The
 * renderer records that version with each cart line, and the sale carries it (`catalogVersion`).
 *
 * Favourites are the cashier's choice, not a copy of the server's data, so they live in the
 * terminal's own store (the `kv` table, `synchronous=FULL`), not in the catalog file a full pull
 * may replace. Only ids are kept, in the order pinned; a product archived or deleted through the
 * feed drops out of the list shown and comes back if the product does.
 */
import { z } from 'zod';
import { type CatalogFavourites, type CatalogView, MAX_FAVOURITES } from '../../shared/pos-catalog.ts';
import { PosError } from '../host/result.ts';
import type { KeyValue } from '../store/database.ts';
import { parse } from '../till/validation.ts';
import type { TillCatalog } from './catalog-service.ts';

const FAVOURITES_KEY = 'catalog.favourites';

const viewSchema = z.object({
  query: z.string().max(200).optional(),
  categoryId: z.string().max(64).nullable().optional(),
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(200).optional(),
});
const favouriteSchema = z.object({ productId: z.string().min(1).max(64), pinned: z.boolean() });

/** A window of the search (words) or of the whole list (no words), with its catalog version. */
export function catalogView(catalog: TillCatalog, input: unknown): CatalogView {
  const { query, ...window } = parse(viewSchema, input ?? {});
  const slice = query?.trim() ? catalog.search({ query, ...window }) : catalog.browse(window);
  return { ...slice, version: catalog.store.version() };
}

/** The terminal's favourites over its catalog. */
export class Favourites {
  constructor(
    private readonly kv: KeyValue,
    private readonly catalog: TillCatalog,
  ) {}

  list(): CatalogFavourites {
    const items = this.ids().flatMap((id) => {
      const item = this.catalog.product(id);
      return item ? [item] : [];
    });
    return { items, version: this.catalog.store.version() };
  }

  set(input: unknown): CatalogFavourites {
    const { productId, pinned } = parse(favouriteSchema, input);
    const ids = this.ids().filter((id) => id !== productId);
    if (pinned) {
      if (!this.catalog.product(productId)) throw PosError.of('PRODUCT_NOT_FOUND');
      if (ids.length >= MAX_FAVOURITES) throw PosError.of('FAVOURITES_FULL');
      ids.push(productId);
    }
    this.kv.set(FAVOURITES_KEY, ids);
    return this.list();
  }

  private ids(): string[] {
    const stored = this.kv.get<unknown>(FAVOURITES_KEY);
    return Array.isArray(stored) ? stored.filter((id): id is string => typeof id === 'string') : [];
  }
}
