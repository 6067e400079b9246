/**
 * The local half of the till's GraphQL: Apollo Client's LocalState resolves the `@client` catalog
 * fields (`catalog.local.graphqls`) from the POS host's SQLite store through `window.pos.catalog`.
 * The documents never reach the gateway, so `useTillCatalogQuery` and friends — generated like
 * every other hook — answer the same online and offline, and a catalog of 100 000 products never
 * enters the Apollo cache (the hooks read with `no-cache`; see `use-catalog.ts`).
 *
 * A host failure becomes a thrown error, which the hook reports as its `error`.
 */
import { LocalState } from '@apollo/client/local-state';
import type { CatalogItem, PosCatalogApi } from '../../../shared/pos-catalog.ts';
import type { PosResult } from '../../../shared/pos-types.ts';

/** The host's failure as an error the hook can show (the cashier's English sentence as the message). */
export class CatalogReadError extends Error {
  constructor(readonly code: string) {
    super(`catalog read failed: ${code}`);
    this.name = 'CatalogReadError';
  }
}

function value<T>(result: PosResult<T>): T {
  if (!result.ok) throw new CatalogReadError(result.error.code);
  return result.value;
}

const OWNER_TYPES = new Set(['RESALE', 'OWN_PRODUCTION', 'SERVICE']);

/** A host catalog item as a `TillProduct`, stamped with the version it was read at. */
export function tillProduct(item: CatalogItem, version: string | null) {
  return {
    __typename: 'TillProduct' as const,
    id: item.id,
    sku: item.sku,
    name: item.name,
    nameRu: item.names.ru,
    nameEn: item.names.en,
    price: item.price,
    basePrice: item.basePrice,
    vatRate: item.vatRate,
    ikpu: item.ikpu,
    packageCode: item.packageCode,
    unit: item.unit,
    categoryId: item.categoryId,
    ownerType: OWNER_TYPES.has(item.ownerType) ? item.ownerType : 'RESALE',
    markingRequired: item.markingRequired,
    cashlessOnly: item.cashlessOnly ?? false,
    imageUrl: item.imageUrl,
    barcodes: item.barcodes,
    modifierGroupIds: item.modifierGroupIds,
    catalogVersion: version,
  };
}

interface WindowArgs {
  query?: string | null;
  categoryId?: string | null;
  offset?: number | null;
  limit?: number | null;
}

/** Resolvers over a `window.pos.catalog` (a function, so the bridge is looked up at call time). */
export function catalogResolvers(catalog: () => PosCatalogApi) {
  return {
    Query: {
      tillCatalog: async (_root: unknown, args: WindowArgs) => {
        const view = value(
          await catalog().view({
            query: args.query ?? '',
            categoryId: args.categoryId ?? null,
            offset: args.offset ?? 0,
            limit: args.limit ?? 50,
          }),
        );
        return {
          __typename: 'TillCatalogWindow' as const,
          total: view.total,
          capped: view.capped,
          offset: view.offset,
          version: view.version,
          items: view.items.map((item) => tillProduct(item, view.version)),
        };
      },
      tillCategories: async () =>
        value(await catalog().categories()).map((c) => ({ __typename: 'TillCategory' as const, ...c })),
      tillFavourites: async () => {
        const list = value(await catalog().favourites());
        return list.items.map((item) => tillProduct(item, list.version));
      },
      tillCatalogStatus: async () => ({
        __typename: 'TillCatalogStatus' as const,
        ...value(await catalog().status()),
      }),
    },
    Mutation: {
      setTillFavourite: async (_root: unknown, args: { productId: string; pinned: boolean }) => {
        const list = value(await catalog().setFavourite({ productId: args.productId, pinned: args.pinned }));
        return list.items.map((item) => tillProduct(item, list.version));
      },
    },
  };
}

/** The LocalState the till's Apollo Client is built with. */
export function catalogLocalState(catalog: () => PosCatalogApi): LocalState {
  return new LocalState({ resolvers: catalogResolvers(catalog) });
}
