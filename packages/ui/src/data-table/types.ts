import type { ReactNode } from 'react';
import type { SelectOption } from '../select.tsx';

/** A column of a `DataTable`. */
export interface DataTableColumn<T> {
  /** Stable id; the key of sorting, filters and visibility (use the API's field or enum name). */
  id: string;
  /** Header text; also names the column in the column menu and filter labels. */
  header: string;
  /** The cell's content for a row. */
  cell: (row: T) => ReactNode;
  /** The server can sort by this column. Default false. */
  sortable?: boolean;
  /** A filter control under the header: free text, or one of a few options. */
  filter?:
    | { kind: 'text'; placeholder?: string }
    | { kind: 'select'; options: readonly SelectOption[]; allLabel: string };
  /** `end` right-aligns the column (numbers, money). Default `start`. */
  align?: 'start' | 'end';
  /** Width in px, or a CSS length such as `calc(23ch + 1.5rem)` (columns share the rest). */
  width?: number | string;
  /** The user may hide the column. Default true. */
  hideable?: boolean;
  /** Content of the column's footer cell (a totals row is shown when any column has one). */
  footer?: ReactNode;
}

/** One sort key: the column id and its direction. */
export interface DataTableSort {
  id: string;
  desc: boolean;
}

/** One column filter: the column id and the text or option value. */
export interface DataTableFilter {
  id: string;
  value: string;
}

/** The page shown: zero-based index and size. */
export interface DataTablePage {
  pageIndex: number;
  pageSize: number;
}
