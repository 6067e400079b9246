'use client';

/**
 * Numbered pages over a cursor connection, for `DataTable`'s pagination bar: the cursor each
 * page starts after is remembered as the user moves forward, and a new filter starts over.
 */
import type { DataTablePage } from '@jowi/ui';
import { useState } from 'react';

/**
 * The cursor of the page shown (`after`), its index, and `changePage(page, endCursor)` for
 * `onPaginationChange` (`endCursor`: the shown page's `pageInfo.endCursor`).
 */
export function useCursorPaging(filterKey: string) {
  const [paging, setPaging] = useState<{ key: string; cursors: (string | null)[]; pageIndex: number }>({
    key: filterKey,
    cursors: [null],
    pageIndex: 0,
  });
  const current = paging.key === filterKey ? paging : { key: filterKey, cursors: [null], pageIndex: 0 };
  const changePage = (page: DataTablePage, endCursor: string | null | undefined) => {
    const cursors = [...current.cursors];
    if (page.pageIndex > current.pageIndex) cursors[page.pageIndex] = endCursor ?? null;
    setPaging({ key: filterKey, cursors, pageIndex: page.pageIndex });
  };
  return { after: current.cursors[current.pageIndex] ?? null, pageIndex: current.pageIndex, changePage };
}
