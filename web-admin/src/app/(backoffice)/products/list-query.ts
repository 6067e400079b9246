/**
 * The product list's state as the URL holds it (`q`, `category`, `status`, `sort`, `dir`) and the
 * products query it asks — shared by the page, which reads the first page on the server, and the
 * view, which asks with the same variables and so finds that answer in its cache.
 */
import type { DataTableSort } from '@jowi/ui';
import type { ProductOrder, ProductsQueryVariables } from '../../../__generated__/graphql.ts';

export const PAGE_SIZES = [50, 100, 250];
export const STATUSES = ['active', 'archived', 'all'] as const;
export type Status = (typeof STATUSES)[number];

/** Sortable columns and the API's sort keys. */
const SORT_FIELDS = { name: 'NAME', price: 'PRICE' } as const;
type SortColumn = keyof typeof SORT_FIELDS;
export const isSortColumn = (id: string | null): id is SortColumn => id === 'name' || id === 'price';

export interface ListState {
  search: string;
  categoryId: string;
  status: Status;
  sorting: DataTableSort[];
}

/** The list's state in `params` (the page's search parameters). */
export function listStateOf(params: { get(name: string): string | null }): ListState {
  const raw = params.get('status');
  const status: Status = raw === 'archived' || raw === 'all' ? raw : 'active';
  const sortParam = params.get('sort');
  const sorting: DataTableSort[] = isSortColumn(sortParam)
    ? [{ id: sortParam, desc: params.get('dir') === 'desc' }]
    : [];
  return { search: params.get('q') ?? '', categoryId: params.get('category') ?? '', status, sorting };
}

/** The `filter` and `orderBy` of the products query for the list's state. */
export function queryOf(state: ListState) {
  const term = state.search.trim();
  // A scanned or typed barcode (8–14 digits) looks the product up exactly; anything else is a search.
  const scanned = /^\d{8,14}$/.test(term);
  const key = state.sorting[0];
  const orderBy: ProductOrder | null =
    key && isSortColumn(key.id) ? { field: SORT_FIELDS[key.id], direction: key.desc ? 'DESC' : 'ASC' } : null;
  return {
    filter: {
      search: term && !scanned ? term : null,
      barcode: scanned ? term : null,
      categoryId: state.categoryId || null,
      active: state.status === 'all' ? null : state.status === 'active',
    },
    orderBy,
  };
}

/** The variables of the list's first page (the default page size) for `state`. */
export function firstPageVariables(state: ListState): ProductsQueryVariables {
  return { first: PAGE_SIZES[0]!, after: null, ...queryOf(state) };
}
