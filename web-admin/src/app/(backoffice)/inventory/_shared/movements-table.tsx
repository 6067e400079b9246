'use client';

/**
 * The stock movement ledger of one store (`movements`), newest first, with numbered cursor pages.
 * On `/inventory` it has filters — kind, product, date range — kept in the URL (`kind`,
 * `product`, `from`, `to`); the write-offs page shows it fixed to `WRITE_OFF`.
 */
import {
  Badge,
  Button,
  DataTable,
  type DataTableColumn,
  DateRangePicker,
  type DateRangeValue,
  dateRange,
  Label,
  Money,
  Quantity,
  Select,
  useUiLocale,
} from '@jowi/ui';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import {
  InventoryMovementsDocument,
  type InventoryMovementsQuery,
  type StockMovementKind,
} from '../../../../__generated__/graphql.ts';
import type { MovementKind } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { unitName } from '../../../../i18n/units.ts';
import { dateTimeColumnWidth, formatDateTime } from '../../../../lib/format.ts';
import { useSetSearchParams } from '../../../../lib/url-state.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../../lib/use-cursor-paging.ts';
import { type PickedProduct, ProductPicker } from './product-picker.tsx';

type MovementRow = InventoryMovementsQuery['movements']['edges'][number]['node'];

const PAGE_SIZE = 25;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
export const MOVEMENT_KINDS: readonly MovementKind[] = [
  'RECEIPT',
  'SALE',
  'REFUND',
  'TRANSFER_OUT',
  'TRANSFER_IN',
  'WRITE_OFF',
  'CORRECTION',
  'ADJUSTMENT',
];
const ALL = 'ALL';

export function MovementsTable({
  storeId,
  timeZone,
  fixedKind,
  title,
  emptyText,
  testId = 'movements',
}: {
  storeId: string | undefined;
  timeZone: string;
  /** Only this kind, without the filter controls. */
  fixedKind?: StockMovementKind;
  title: string;
  emptyText?: string;
  testId?: string;
}) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.inventory.ledger;
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const urlKind = params.get('kind');
  const kind =
    fixedKind ?? (MOVEMENT_KINDS.includes(urlKind as MovementKind) ? (urlKind as StockMovementKind) : null);
  const productId = fixedKind ? null : params.get('product');
  const [productName, setProductName] = useState<string | null>(null);
  const from = params.get('from');
  const to = params.get('to');
  const range: DateRangeValue | null =
    !fixedKind && from && to && DAY.test(from) && DAY.test(to) ? dateRange(from, to, timeZone) : null;
  const filter = {
    storeId: storeId ?? null,
    kind,
    productId,
    from: range?.start ?? null,
    to: range?.end ?? null,
  };
  const paging = useCursorPaging(JSON.stringify(filter));
  const { data, error, loading, refetch } = useCachedQuery(
    InventoryMovementsDocument,
    { filter, first: PAGE_SIZE, after: paging.after },
    { skip: !storeId },
  );
  const rows = data?.movements.edges.map((edge) => edge.node) ?? [];
  const filtered = !fixedKind && Boolean(kind || productId || range);

  const columns: DataTableColumn<MovementRow>[] = [
    {
      id: 'time',
      header: t.columns.time,
      width: dateTimeColumnWidth(tag),
      cell: (row) => formatDateTime(row.createdAt, tag, timeZone),
    },
    {
      id: 'product',
      header: t.columns.product,
      cell: (row) => <span className="font-medium">{row.product.name}</span>,
    },
    {
      id: 'kind',
      header: t.columns.kind,
      width: 170,
      cell: (row) => (
        <Badge variant={row.kind === 'WRITE_OFF' ? 'warning' : 'outline'} data-testid="movement-kind">
          {dict.inventory.kinds[row.kind]}
        </Badge>
      ),
    },
    {
      id: 'quantity',
      header: t.columns.quantity,
      align: 'end',
      width: 120,
      cell: (row) => (
        <Quantity
          value={row.quantity}
          unit={unitName(dict, row.product.unit)}
          className={row.quantity.startsWith('-') ? 'text-destructive' : undefined}
          data-testid="movement-quantity"
        />
      ),
    },
    {
      id: 'unitCost',
      header: t.columns.unitCost,
      align: 'end',
      width: 150,
      cell: (row) => (row.unitCost ? <Money value={row.unitCost} /> : '—'),
    },
    {
      id: 'details',
      header: t.columns.details,
      cell: (row) =>
        [row.reason ? dict.inventory.reasons[row.reason] : null, row.note].filter(Boolean).join(' · ') || '—',
    },
  ];

  const toolbar = fixedKind ? null : (
    <div className="flex flex-wrap items-end gap-3">
      <div className="grid w-48 gap-1">
        <Label htmlFor="movement-kind">{t.kind}</Label>
        <Select
          id="movement-kind"
          data-testid="movement-kind-filter"
          value={kind ?? ALL}
          onValueChange={(value) => setParams({ kind: value === ALL ? null : value })}
          options={[
            { value: ALL, label: t.allKinds },
            ...MOVEMENT_KINDS.map((value) => ({ value, label: dict.inventory.kinds[value] })),
          ]}
        />
      </div>
      {productId ? (
        <div className="grid gap-1">
          <span className="text-sm font-medium">{dict.inventory.product}</span>
          <Button
            variant="outline"
            onClick={() => setParams({ product: null })}
            data-testid="movement-product-clear"
          >
            {productName ?? rows[0]?.product.name ?? productId.slice(0, 8)} ✕
          </Button>
        </div>
      ) : (
        <ProductPicker
          className="w-64"
          label={dict.inventory.product}
          testId="movement-product"
          onPick={(product: PickedProduct) => {
            setProductName(product.name);
            setParams({ product: product.id });
          }}
        />
      )}
      <div className="grid gap-1">
        <Label htmlFor="movement-range">{t.range}</Label>
        <DateRangePicker
          id="movement-range"
          className="min-w-56"
          timeZone={timeZone}
          value={range}
          onValueChange={(next) => setParams({ from: next.from, to: next.to })}
        />
      </div>
      {filtered ? (
        <Button
          variant="ghost"
          onClick={() => setParams({ kind: null, product: null, from: null, to: null })}
        >
          {t.clearFilters}
        </Button>
      ) : null}
    </div>
  );

  return (
    <section className="grid gap-3" aria-label={title} data-testid={testId}>
      <h2 className="text-lg font-semibold">{title}</h2>
      {toolbar}
      <DataTable
        label={title}
        columns={columns}
        data={rows}
        getRowId={(row) => row.id}
        loading={loading}
        error={error && !data ? dict.common.errorDescription : null}
        onRetry={() => void refetch()}
        pagination={{ pageIndex: paging.pageIndex, pageSize: PAGE_SIZE }}
        onPaginationChange={(page) => paging.changePage(page, data?.movements.pageInfo.endCursor)}
        pageSizes={[PAGE_SIZE]}
        hasNextPage={data?.movements.pageInfo.hasNextPage ?? false}
        emptyState={
          <div className="grid justify-items-center gap-2 p-6 text-center">
            <p className="text-sm text-muted-foreground">{filtered ? t.noMatch : (emptyText ?? t.empty)}</p>
            {filtered ? (
              <Button
                variant="outline"
                size="sm"
                onClick={() => setParams({ kind: null, product: null, from: null, to: null })}
              >
                {t.clearFilters}
              </Button>
            ) : null}
          </div>
        }
      />
    </section>
  );
}
