/**
 * The sell screen's catalog reads over the generated hooks (all `@client`, answered by the POS
 * host's store; see local-resolvers.ts).
 *
 * A virtualised grid asks for the rows on screen: the list is read in blocks of {@link BLOCK}
 * products, and two queries hold the blocks around the visible range — one for the even block,
 * one for the odd one — so scrolling from block n to n+1 keeps the block already loaded in its
 * query instead of moving it to the other query and reading it again. A visible range never spans
 * more than two blocks (it is far smaller than a block). Reads use `no-cache`: a 100 000-product
 * catalog never enters the Apollo cache, and a price that changed is read fresh on the next query.
 *
 * When the host's catalog version changes (a pull landed), the loaded blocks are read again, so
 * archived products leave the grid and new prices show; cart lines keep the price they were added
 * with (the cart fixes a line's unit price when it is added).
 */
import { useApolloClient } from '@apollo/client/react';
import { useCallback, useEffect, useMemo } from 'react';
import { TillCatalogDocument, type TillProductFieldsFragment } from '../../__generated__/graphql.ts';
import {
  useTillCatalogQuery,
  useTillCatalogStatusQuery,
  useTillCategoriesQuery,
  useTillFavouritesQuery,
} from '../../__generated__/hooks.ts';

/** A product as the sell screen shows and sells it. */
export type TillProduct = TillProductFieldsFragment;

/** Products per read (the host's page cap). */
export const BLOCK = 200;
/** How often the screen asks the host whether its catalog moved on (a local call). */
export const STATUS_POLL_MS = 2000;

export interface CatalogFilter {
  query: string;
  categoryId: string | null;
}

/** The two blocks (one even, one odd) that cover `[first, last]`, nearest neighbour first. */
export function blocksFor(first: number, last: number): { even: number; odd: number } {
  const a = Math.floor(Math.max(0, first) / BLOCK);
  const b = Math.floor(Math.max(first, last) / BLOCK);
  let other = b;
  if (a === b) other = a === 0 || first % BLOCK >= BLOCK / 2 ? a + 1 : a - 1;
  const [lo, hi] = [Math.min(a, other), Math.max(a, other)];
  return lo % 2 === 0 ? { even: lo, odd: hi } : { even: hi, odd: lo };
}

/** The catalog list (a search or all products, of one category or all) around the visible range. */
export function useCatalogWindow(
  filter: CatalogFilter,
  range: { first: number; last: number },
  version: string | null,
) {
  const { even, odd } = blocksFor(range.first, range.last);
  const base = { query: filter.query, categoryId: filter.categoryId, limit: BLOCK };
  const evenRead = useTillCatalogQuery({
    variables: { ...base, offset: even * BLOCK },
    fetchPolicy: 'no-cache',
  });
  const oddRead = useTillCatalogQuery({
    variables: { ...base, offset: odd * BLOCK },
    fetchPolicy: 'no-cache',
  });
  const refetchEven = evenRead.refetch;
  const refetchOdd = oddRead.refetch;
  // A pull landed: read what is on screen again (not on the first render: the queries just ran).
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the version changes.
  useEffect(() => {
    if (version === null) return;
    void refetchEven().catch(() => undefined);
    void refetchOdd().catch(() => undefined);
  }, [version]);

  // While a new filter is being read, the previous answer stays on screen (no flash per keystroke).
  const evenWindow = (evenRead.data ?? evenRead.previousData)?.tillCatalog;
  const oddWindow = (oddRead.data ?? oddRead.previousData)?.tillCatalog;
  const current = evenRead.data?.tillCatalog ?? oddRead.data?.tillCatalog ?? evenWindow ?? oddWindow;
  const itemAt = useCallback(
    (index: number): TillProduct | undefined => {
      for (const w of [evenWindow, oddWindow]) {
        if (w && index >= w.offset && index < w.offset + w.items.length) return w.items[index - w.offset];
      }
      return undefined;
    },
    [evenWindow, oddWindow],
  );
  return {
    total: current?.total ?? 0,
    capped: current?.capped ?? false,
    /** Nothing read yet for any filter. */
    initialLoading: !current && (evenRead.loading || oddRead.loading),
    /** The latest answer is for the filter on screen. */
    settled: Boolean(evenRead.data) && !evenRead.loading,
    error: evenRead.error ?? oddRead.error,
    itemAt,
    refetch: () => {
      void refetchEven().catch(() => undefined);
      void refetchOdd().catch(() => undefined);
    },
  };
}

/** The product Enter adds for a query: read now, so a scanner's fast code + Enter never takes a stale row. */
export function useFirstMatch() {
  const client = useApolloClient();
  return useCallback(
    async (filter: CatalogFilter): Promise<TillProduct | null> => {
      const result = await client.query({
        query: TillCatalogDocument,
        variables: { query: filter.query, categoryId: filter.categoryId, offset: 0, limit: 1 },
        fetchPolicy: 'no-cache',
      });
      return result.data?.tillCatalog.items[0] ?? null;
    },
    [client],
  );
}

/** The host catalog's state, asked every {@link STATUS_POLL_MS}. */
export function useCatalogStatus() {
  const { data, error } = useTillCatalogStatusQuery({
    fetchPolicy: 'no-cache',
    pollInterval: STATUS_POLL_MS,
  });
  return { status: data?.tillCatalogStatus ?? null, error };
}

/** Categories and favourites, read again when the catalog version changes. */
export function useCatalogShelves(version: string | null) {
  const categories = useTillCategoriesQuery({ fetchPolicy: 'no-cache' });
  const favourites = useTillFavouritesQuery({ fetchPolicy: 'no-cache' });
  const refetchCategories = categories.refetch;
  const refetchFavourites = favourites.refetch;
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the version changes.
  useEffect(() => {
    if (version === null) return;
    void refetchCategories().catch(() => undefined);
    void refetchFavourites().catch(() => undefined);
  }, [version]);
  const favouriteIds = useMemo(
    () => new Set((favourites.data?.tillFavourites ?? []).map((p) => p.id)),
    [favourites.data],
  );
  return {
    categories: categories.data?.tillCategories ?? [],
    favourites: favourites.data?.tillFavourites ?? [],
    favouritesLoading: favourites.loading && !favourites.data,
    favouriteIds,
    refetchFavourites,
  };
}

/** Compares two catalog versions (decimal cursors): the newer one, or `b` when they cannot be compared. */
export function newerVersion(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) return BigInt(a) > BigInt(b) ? a : b;
  return b;
}
