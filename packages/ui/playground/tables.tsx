/**
 * Two DataTables: the whole 100 000-product catalogue virtualised (sorted and filtered by a
 * stand-in "server" in memory), and a paged table whose state buttons show loading, refreshing,
 * error and empty.
 */
import { useMemo, useState } from 'react';
import {
  Button,
  DataTable,
  type DataTableColumn,
  type DataTableFilter,
  type DataTablePage,
  type DataTableSort,
  Money,
  Quantity,
} from '../src/index.ts';
import { CATEGORIES, catalogue, type ProductRow, productRow } from './fixtures.ts';
import { record } from './record.ts';

const ALL = catalogue(100_000);

const columns: DataTableColumn<ProductRow>[] = [
  { id: 'sku', header: 'SKU', cell: (r) => r.sku, sortable: true, width: 130, filter: { kind: 'text' } },
  { id: 'name', header: 'Nomi', cell: (r) => r.name, sortable: true, filter: { kind: 'text' } },
  {
    id: 'category',
    header: 'Kategoriya',
    cell: (r) => r.category,
    width: 180,
    filter: { kind: 'select', allLabel: 'Hammasi', options: CATEGORIES.map((c) => ({ value: c, label: c })) },
  },
  {
    id: 'price',
    header: 'Narx',
    cell: (r) => <Money value={r.price} />,
    sortable: true,
    align: 'end',
    width: 160,
  },
  {
    id: 'stock',
    header: 'Qoldiq',
    cell: (r) => <Quantity value={r.stock} unit="kg" />,
    align: 'end',
    width: 120,
  },
];

const tiyin = (money: string) => BigInt(money.replace('.', ''));

/** What a server would answer for these sort keys and filters. */
function query(sorting: DataTableSort[], filters: DataTableFilter[], search: string): ProductRow[] {
  const name = filters.find((f) => f.id === 'name')?.value.toLowerCase();
  const sku = filters.find((f) => f.id === 'sku')?.value.toLowerCase();
  const category = filters.find((f) => f.id === 'category')?.value;
  const term = search.toLowerCase();
  let rows = ALL.filter(
    (r) =>
      (!name || r.name.toLowerCase().includes(name)) &&
      (!sku || r.sku.toLowerCase().includes(sku)) &&
      (!category || r.category === category) &&
      (!term || r.name.toLowerCase().includes(term) || r.sku.toLowerCase().includes(term)),
  );
  const key = sorting[0];
  if (key) {
    const compare = (a: ProductRow, b: ProductRow) => {
      if (key.id === 'price')
        return tiyin(a.price) < tiyin(b.price) ? -1 : tiyin(a.price) > tiyin(b.price) ? 1 : 0;
      const x = key.id === 'sku' ? a.sku : a.name;
      const y = key.id === 'sku' ? b.sku : b.name;
      return x < y ? -1 : x > y ? 1 : 0;
    };
    rows = [...rows].sort((a, b) => (key.desc ? -compare(a, b) : compare(a, b)));
  }
  return rows;
}

/** The catalogue, all 100 000 rows in one virtualised list. */
export function VirtualTableDemo() {
  const [sorting, setSorting] = useState<DataTableSort[]>([]);
  const [filters, setFilters] = useState<DataTableFilter[]>([]);
  const [search, setSearch] = useState('');
  const rows = useMemo(() => query(sorting, filters, search), [sorting, filters, search]);
  return (
    <DataTable
      label="Mahsulotlar (100 000)"
      columns={columns}
      data={rows}
      getRowId={(r) => r.id}
      sorting={sorting}
      onSortingChange={(next) => {
        record('virtual.sorting', next);
        setSorting(next);
      }}
      filters={filters}
      onFiltersChange={(next) => {
        record('virtual.filters', next);
        setFilters(next);
      }}
      search={search}
      onSearchChange={(next) => {
        record('virtual.search', next);
        setSearch(next);
      }}
      onColumnVisibilityChange={(next) => record('virtual.visibility', next)}
      onRowActivate={(row) => record('virtual.activate', row.id)}
      maxHeight="420px"
    />
  );
}

type PagedState = 'ready' | 'loading' | 'refreshing' | 'error' | 'empty';

const TOTAL = 1_000;

/** One page at a time from a "server" of 1 000 rows, with its request states. */
export function PagedTableDemo() {
  const [page, setPage] = useState<DataTablePage>({ pageIndex: 0, pageSize: 25 });
  const [sorting, setSorting] = useState<DataTableSort[]>([]);
  const [filters, setFilters] = useState<DataTableFilter[]>([]);
  const [state, setState] = useState<PagedState>('ready');
  const rows = useMemo(() => {
    if (state === 'loading' || state === 'empty') return [];
    const first = page.pageIndex * page.pageSize;
    return Array.from({ length: Math.min(page.pageSize, TOTAL - first) }, (_, i) => productRow(first + i));
  }, [page, state]);
  const total = rows.reduce((sum, r) => sum + tiyin(r.price), 0n);
  const pagedColumns = useMemo(
    () => columns.map((c) => (c.id === 'price' ? { ...c, footer: <Money value={total} /> } : c)),
    [total],
  );
  return (
    <div className="flex flex-col gap-3">
      <fieldset className="flex flex-wrap gap-2">
        <legend className="mb-1 text-sm text-muted-foreground">Holat</legend>
        {(['ready', 'loading', 'refreshing', 'error', 'empty'] as const).map((s) => (
          <Button
            key={s}
            size="sm"
            variant={state === s ? 'primary' : 'outline'}
            onClick={() => setState(s)}
            aria-pressed={state === s}
          >
            {s}
          </Button>
        ))}
      </fieldset>
      <DataTable
        label="Sahifali jadval"
        columns={pagedColumns}
        data={rows}
        getRowId={(r) => r.id}
        pagination={page}
        onPaginationChange={(next) => {
          record('paged.page', next);
          setPage(next);
        }}
        rowCount={state === 'empty' ? 0 : TOTAL}
        sorting={sorting}
        onSortingChange={(next) => {
          record('paged.sorting', next);
          setSorting(next);
        }}
        filters={filters}
        onFiltersChange={(next) => {
          record('paged.filters', next);
          setFilters(next);
        }}
        loading={state === 'loading' || state === 'refreshing'}
        error={state === 'error' ? 'Server javob bermadi (503).' : null}
        onRetry={() => {
          record('paged.retry', null);
          setState('ready');
        }}
        maxHeight="360px"
      />
    </div>
  );
}
