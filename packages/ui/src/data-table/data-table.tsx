'use client';

/**
 * The back office's data table: TanStack Table keeps the state (sorting, column filters,
 * column visibility, the page), TanStack Virtual renders only the rows in view, and the server
 * does the work — every sort, filter, search and page change is a callback with the new state,
 * and `data` is what the server answered (`manual*` mode: the table never sorts or slices).
 *
 * With `pagination` the caller fetches one page at a time (the API's cursor pages map onto
 * page indexes: keep the cursors of pages seen); without it `data` is the whole list. Either
 * way 100 000 rows stay fast, as only about a screenful of `<tr>`s exists at any moment.
 *
 * The header is sticky; a column menu hides and shows columns; rows are reached with the
 * keyboard (see `row-navigation.ts`); loading (skeleton first, rows kept while refreshing),
 * empty, no-results and error states are built in. Sorting, filtering or searching returns to
 * the first page.
 */
import {
  type ColumnDef,
  columnFilteringFeature,
  columnVisibilityFeature,
  functionalUpdate,
  type RowData,
  rowPaginationFeature,
  rowSortingFeature,
  tableFeatures,
  useTable,
} from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { cn } from '../cn.ts';
import { useMessages } from '../locale.tsx';
import type { DataTableMessages } from '../messages.ts';
import { DataTableBody } from './data-table-body.tsx';
import { DataTableHead } from './data-table-head.tsx';
import { PaginationBar } from './pagination-bar.tsx';
import { DataTableToolbar } from './toolbar.tsx';
import type { DataTableColumn, DataTableFilter, DataTablePage, DataTableSort } from './types.ts';
import { useControllable } from './use-controllable.ts';

const features = tableFeatures({
  rowSortingFeature,
  columnFilteringFeature,
  columnVisibilityFeature,
  rowPaginationFeature,
});

/** Props of {@link DataTable}. */
export interface DataTableProps<T> {
  /** Accessible name of the table, e.g. "Products". */
  label: string;
  columns: readonly DataTableColumn<T>[];
  /** The rows to show: the current page (with `pagination`) or the whole list. */
  data: readonly T[];
  getRowId: (row: T) => string;

  /** Sort keys in force (controlled); leave out to let the table hold them. */
  sorting?: readonly DataTableSort[];
  onSortingChange?: (sorting: DataTableSort[]) => void;
  /** Allow sorting by several columns (Shift+click adds a key). Default false. */
  multiSort?: boolean;
  /** Column filters in force (controlled). */
  filters?: readonly DataTableFilter[];
  onFiltersChange?: (filters: DataTableFilter[]) => void;
  /** The search text (controlled); a search box is shown when `onSearchChange` is given. */
  search?: string;
  onSearchChange?: (search: string) => void;
  /** Milliseconds typing must pause before a search or text filter is reported. Default 300. */
  debounceMs?: number;

  /** The page shown (controlled); enables the pagination bar. */
  pagination?: DataTablePage;
  onPaginationChange?: (page: DataTablePage) => void;
  /** Rows matching on the server, if it counts them. */
  rowCount?: number | null;
  /** Without `rowCount`: whether another page follows (a connection's `pageInfo.hasNextPage`). */
  hasNextPage?: boolean;
  /** Page sizes offered. Default 25, 50, 100. */
  pageSizes?: readonly number[];

  /** Visibility by column id (`false` hides); controlled with `onColumnVisibilityChange`. */
  columnVisibility?: Readonly<Record<string, boolean>>;
  onColumnVisibilityChange?: (visibility: Record<string, boolean>) => void;
  /** Initial visibility when not controlled. */
  defaultColumnVisibility?: Readonly<Record<string, boolean>>;

  /** A request is in flight: skeleton rows when nothing is shown yet, else rows stay and dim. */
  loading?: boolean;
  /** A failure to show instead of rows (e.g. the error's message). */
  error?: ReactNode | null;
  /** Offered as the retry button of the error state. */
  onRetry?: () => void;
  /** Shown when there are no rows and no filter is applied (first use). */
  emptyState?: ReactNode;

  /** Called on click or Enter on a row (e.g. to open it). */
  onRowActivate?: (row: T) => void;
  /** Height of a row in px; rows are fixed-height for virtualisation. Default 40. */
  rowHeight?: number;
  /** Maximum height of the scrolling area (CSS length). Default `70vh`. */
  maxHeight?: string;
  /** Extra controls at the left of the toolbar (filter pills, actions). */
  toolbar?: ReactNode;
  messages?: Partial<DataTableMessages>;
  className?: string;
}

const NO_SORT: DataTableSort[] = [];
const NO_FILTERS: DataTableFilter[] = [];
const FIRST_PAGE: DataTablePage = { pageIndex: 0, pageSize: 25 };
const INITIAL_RECT = { width: 1280, height: 720 };

/** A server-driven, virtualised table; see the file header. */
export function DataTable<T extends RowData>(props: DataTableProps<T>) {
  const { columns, data, rowHeight = 40, maxHeight = '70vh', debounceMs = 300 } = props;
  const text = useMessages('dataTable', props.messages);
  const [sorting, setSorting] = useControllable(
    props.sorting as DataTableSort[] | undefined,
    props.onSortingChange,
    NO_SORT,
  );
  const [filters, setFilters] = useControllable(
    props.filters as DataTableFilter[] | undefined,
    props.onFiltersChange,
    NO_FILTERS,
  );
  const [search, setSearch] = useControllable(props.search, props.onSearchChange, '');
  const [page, setPage] = useControllable(props.pagination, props.onPaginationChange, {
    ...FIRST_PAGE,
    pageSize: props.pageSizes?.[0] ?? FIRST_PAGE.pageSize,
  });
  const [visibility, setVisibility] = useControllable(
    props.columnVisibility as Record<string, boolean> | undefined,
    props.onColumnVisibilityChange,
    { ...props.defaultColumnVisibility },
  );
  const paged = props.pagination !== undefined || props.onPaginationChange !== undefined;
  const firstPage = () => {
    if (paged && page.pageIndex !== 0) setPage({ ...page, pageIndex: 0 });
  };

  const definitions = useMemo(() => columns.map(toColumnDef<T>), [columns]);
  const byId = useMemo(() => new Map(columns.map((column) => [column.id, column])), [columns]);
  const table = useTable({
    features,
    columns: definitions,
    data: data as T[],
    getRowId: (row) => props.getRowId(row),
    manualSorting: true,
    manualFiltering: true,
    manualPagination: true,
    enableMultiSort: props.multiSort ?? false,
    sortDescFirst: false, // a first click sorts ascending, whatever the column holds
    rowCount: props.rowCount ?? undefined,
    pageCount: props.rowCount == null ? -1 : undefined,
    state: { sorting, columnFilters: filters, columnVisibility: visibility, pagination: page },
    onSortingChange: (updater) => {
      setSorting(functionalUpdate(updater, sorting));
      firstPage();
    },
    onColumnFiltersChange: (updater) => {
      setFilters(functionalUpdate(updater, filters) as DataTableFilter[]);
      firstPage();
    },
    onColumnVisibilityChange: (updater) => setVisibility(functionalUpdate(updater, visibility)),
    onPaginationChange: (updater) => setPage(functionalUpdate(updater, page)),
  });

  const rows = table.getRowModel().rows;
  const visibleColumns = table.getVisibleLeafColumns().flatMap((c) => byId.get(c.id) ?? []);
  const scroller = useRef<HTMLDivElement>(null);
  const [chrome, setChrome] = useState({ head: 0, foot: 0, viewport: 0 });
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => rowHeight,
    overscan: 10,
    scrollMargin: chrome.head,
    scrollPaddingStart: chrome.head,
    scrollPaddingEnd: chrome.foot,
    // Before the scroller is measured (the server's HTML and the hydrating render), assume a
    // typical viewport, so the first rows are in the HTML instead of appearing after hydration.
    initialRect: INITIAL_RECT,
  });
  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () =>
      setChrome({
        head: element.querySelector('thead')?.getBoundingClientRect().height ?? 0,
        foot: element.querySelector('tfoot')?.getBoundingClientRect().height ?? 0,
        viewport: element.clientHeight,
      });
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const filtered = filters.some((f) => f.value !== '') || search !== '';
  const headRows = columns.some((c) => c.filter) ? 2 : 1;
  const offset = paged ? page.pageIndex * page.pageSize : 0;
  const total = props.rowCount ?? (paged ? null : rows.length);
  const captionId = useId();
  const changeSearch = (next: string) => {
    setSearch(next);
    firstPage();
  };
  const clearFilters = () => {
    setFilters([]);
    if (search) setSearch('');
    firstPage();
  };

  return (
    <div className={cn('flex flex-col gap-3', props.className)}>
      <DataTableToolbar
        table={table}
        byId={byId}
        text={text}
        search={props.onSearchChange ? { value: search, onChange: changeSearch } : null}
        debounceMs={debounceMs}
        refreshing={Boolean(props.loading && rows.length > 0)}
      >
        {props.toolbar}
      </DataTableToolbar>
      <div
        ref={scroller}
        className="relative overflow-auto rounded-md border bg-card"
        style={{ maxHeight, scrollPaddingTop: chrome.head, scrollPaddingBottom: chrome.foot }}
      >
        <table
          aria-labelledby={captionId}
          aria-rowcount={total === null ? -1 : total + headRows}
          aria-busy={props.loading || undefined}
          className="w-full table-fixed border-collapse text-sm"
        >
          <caption id={captionId} className="sr-only">
            {props.label}
          </caption>
          <colgroup>
            {visibleColumns.map((column) => (
              <col key={column.id} style={column.width ? { width: column.width } : undefined} />
            ))}
          </colgroup>
          <DataTableHead
            table={table}
            byId={byId}
            text={text}
            debounceMs={debounceMs}
            filterRow={headRows === 2}
          />
          <DataTableBody
            rows={rows}
            byId={byId}
            text={text}
            virtualizer={virtualizer}
            scrollMargin={chrome.head}
            rowHeight={rowHeight}
            pageRows={Math.max(1, Math.floor((chrome.viewport - chrome.head - chrome.foot) / rowHeight))}
            rowIndexOffset={offset + headRows}
            colSpan={Math.max(1, visibleColumns.length)}
            state={{
              loading: Boolean(props.loading),
              error: props.error ?? null,
              onRetry: props.onRetry,
              filtered,
              onClearFilters: clearFilters,
              emptyState: props.emptyState,
            }}
            onRowActivate={props.onRowActivate}
          />
          {visibleColumns.some((c) => c.footer !== undefined) && rows.length > 0 ? (
            <tfoot className="sticky bottom-0 z-10 border-t bg-muted font-medium">
              <tr>
                {visibleColumns.map((column) => (
                  <td
                    key={column.id}
                    className={cn('h-10 truncate px-3', column.align === 'end' && 'text-right')}
                  >
                    {column.footer}
                  </td>
                ))}
              </tr>
            </tfoot>
          ) : null}
        </table>
      </div>
      {paged ? (
        <PaginationBar
          page={page}
          onPageChange={(next) => table.setPagination(next)}
          shown={rows.length}
          rowCount={props.rowCount ?? null}
          hasNextPage={props.hasNextPage}
          pageSizes={props.pageSizes ?? [25, 50, 100]}
          text={text}
        />
      ) : null}
    </div>
  );
}

/** Our column as TanStack's: the table only needs ids and capabilities; cells render from ours. */
function toColumnDef<T extends RowData>(column: DataTableColumn<T>): ColumnDef<typeof features, T> {
  return {
    id: column.id,
    header: column.header,
    accessorFn: () => null,
    enableSorting: column.sortable ?? false,
    enableHiding: column.hideable ?? true,
    enableColumnFilter: column.filter !== undefined,
  };
}

/** The TanStack features a {@link DataTable} registers. */
export type DataTableFeatures = typeof features;
/** The table type the parts of {@link DataTable} share. */
export type DataTableInstance<T extends RowData> = ReturnType<typeof useTable<DataTableFeatures, T>>;
