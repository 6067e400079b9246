'use client';

/**
 * Page state kept in the URL's query (filters, ranges, tabs), so a reload or a shared link shows
 * the same view. Written with `history.replaceState`, which Next's `useSearchParams` follows
 * without asking the server for the page again: the data comes from the GraphQL queries, so a
 * filter change needs no server round trip — and still works, from the cache, while offline.
 */
import { useSearchParams } from 'next/navigation';
import { useCallback } from 'react';

/** Sets (or, with null or '', removes) query parameters of the current URL. */
export function useSetSearchParams(): (changes: Record<string, string | null>) => void {
  const params = useSearchParams();
  return useCallback(
    (changes) => {
      const query = new URLSearchParams(params.toString());
      for (const [key, value] of Object.entries(changes)) {
        if (value === null || value === '') query.delete(key);
        else query.set(key, value);
      }
      const search = query.toString();
      window.history.replaceState(null, '', `${window.location.pathname}${search ? `?${search}` : ''}`);
    },
    [params],
  );
}
