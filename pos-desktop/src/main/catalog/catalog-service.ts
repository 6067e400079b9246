/**
 * The till's catalog as the host serves it: the store, its sync, and `window.pos.catalog` with
 * every argument parsed at the boundary. Reads use the terminal's store prices once the sync has
 * learned which store the terminal belongs to.
 */
import { join } from 'node:path';
import { z } from 'zod';
import type {
  CatalogCategory,
  CatalogItem,
  CatalogModifierGroup,
  CatalogSlice,
  CatalogStatus,
} from '../../shared/pos-catalog.ts';
import { parse } from '../till/validation.ts';
import type { CatalogFeed } from './catalog-feed.ts';
import { CatalogStore, MAX_LIMIT } from './catalog-store.ts';
import { CatalogSync } from './catalog-sync.ts';

const window = {
  offset: z.number().int().min(0).optional(),
  limit: z.number().int().min(1).max(MAX_LIMIT).optional(),
};
const searchSchema = z.object({
  query: z.string().max(200),
  categoryId: z.string().max(64).nullable().optional(),
  ...window,
});
const browseSchema = z.object({ categoryId: z.string().max(64).nullable().optional(), ...window });
const codeSchema = z.string().trim().min(1).max(64);
const idSchema = z.string().min(1).max(64);
const idsSchema = z.array(idSchema).max(100);

/** A terminal's catalog; the read methods take the renderer's arguments unchecked and parse them. */
export interface TillCatalog {
  store: CatalogStore;
  sync: CatalogSync;
  status(): CatalogStatus;
  search(input: unknown): CatalogSlice;
  browse(input: unknown): CatalogSlice;
  byBarcode(code: unknown): CatalogItem | null;
  product(id: unknown): CatalogItem | null;
  categories(): CatalogCategory[];
  modifierGroups(ids: unknown): CatalogModifierGroup[];
  close(): Promise<void>;
}

/** The catalog file of a terminal, beside its outbox store. */
export function catalogFile(dataDir: string, terminalId: string): string {
  return join(dataDir, 'terminals', `${terminalId}.catalog.sqlite`);
}

export function openTillCatalog(options: {
  file: string;
  terminalId: string;
  feed: CatalogFeed;
  intervalMs?: number;
  now?: () => Date;
  logger?: Pick<Console, 'warn'>;
}): TillCatalog {
  const store = new CatalogStore(options.file);
  const sync = new CatalogSync({ ...options, store });
  const storeId = () => sync.storeId();
  return {
    store,
    sync,
    status: () => sync.status(),
    search: (input) => store.search(parse(searchSchema, input), storeId()),
    browse: (input) => store.browse(parse(browseSchema, input ?? {}), storeId()),
    byBarcode: (code) => store.byBarcode(parse(codeSchema, code), storeId()),
    product: (id) => store.product(parse(idSchema, id), storeId()),
    categories: () => store.categories(),
    modifierGroups: (ids) => store.modifierGroups(parse(idsSchema, ids)),
    async close() {
      await sync.stop();
      store.close();
    },
  };
}
