'use client';

/**
 * Stock levels of one store: every catalog product (the catalog's server search and keyset pages)
 * with its quantity, moving average cost and low-stock threshold in that store. A product below
 * its threshold is marked "Low" and counted in the banner above (`lowStock`). With
 * `inventory:write` a threshold is set or removed inline and stock is corrected with a note.
 * Under the table, the store's movement ledger.
 */
import {
  Badge,
  Banner,
  Button,
  DataTable,
  type DataTableColumn,
  Input,
  Label,
  Money,
  Quantity,
} from '@jowi/ui';
import { useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import {
  InventoryLowStockDocument,
  InventoryStockDocument,
  type InventoryStockQuery,
} from '../../../__generated__/graphql.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { fill } from '../../../i18n/dictionaries.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { unitName } from '../../../i18n/units.ts';
import { useSetSearchParams } from '../../../lib/url-state.ts';
import { useCachedQuery } from '../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../lib/use-cursor-paging.ts';
import { useDebouncedValue } from '../../../lib/use-debounced-value.ts';
import { MovementsTable } from './_shared/movements-table.tsx';
import { StorePicker } from './_shared/store-picker.tsx';
import { useStoreParam } from './_shared/use-store-param.ts';
import { CorrectDialog, type StockRow, ThresholdDialog } from './stock-dialogs.tsx';
import { isLow, levelIn } from './stock-level.ts';

type ProductNode = InventoryStockQuery['products']['edges'][number]['node'];

const PAGE_SIZE = 25;

export interface StoreWithZone {
  id: string;
  name: string;
  timeZone: string;
}

export function StockView({
  stores,
  defaultStoreId,
  canWrite,
}: {
  stores: readonly StoreWithZone[];
  defaultStoreId: string | null;
  canWrite: boolean;
}) {
  const { dict } = useI18n();
  const t = dict.inventory.stock;
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const [storeId, setStoreId] = useStoreParam(stores, defaultStoreId);
  const timeZone = stores.find((store) => store.id === storeId)?.timeZone ?? 'Asia/Tashkent';
  const [search, setSearch] = useState(params.get('q') ?? '');
  const term = useDebouncedValue(search.trim(), 300);
  useEffect(() => setParams({ q: term || null }), [term, setParams]);
  const paging = useCursorPaging(term);
  const stock = useCachedQuery(
    InventoryStockDocument,
    { first: PAGE_SIZE, after: paging.after, filter: { active: true, ...(term ? { search: term } : {}) } },
    { skip: !storeId },
  );
  const low = useCachedQuery(InventoryLowStockDocument, { storeId: storeId ?? '' }, { skip: !storeId });
  const [thresholdOf, setThresholdOf] = useState<StockRow | null>(null);
  const [correcting, setCorrecting] = useState<StockRow | null>(null);

  const rows: StockRow[] = (stock.data?.products.edges ?? []).map(({ node }: { node: ProductNode }) => ({
    product: node,
    level: levelIn(node.stockLevels, storeId),
  }));
  const lowCount = low.data?.lowStock.length ?? 0;

  const columns: DataTableColumn<StockRow>[] = [
    {
      id: 'product',
      header: t.columns.product,
      cell: (row) => (
        <span className="flex flex-wrap items-center gap-2">
          <span className="font-medium">{row.product.name}</span>
          {isLow(row.level) ? (
            <Badge variant="warning" data-testid="low-stock">
              {t.low}
            </Badge>
          ) : null}
          {row.level.negative ? <Badge variant="destructive">{t.negative}</Badge> : null}
        </span>
      ),
    },
    {
      id: 'sku',
      header: t.columns.sku,
      width: 130,
      cell: (row) => <span className="tabular-nums">{row.product.sku}</span>,
    },
    {
      id: 'quantity',
      header: t.columns.quantity,
      align: 'end',
      width: 130,
      cell: (row) => (
        <Quantity
          value={row.level.quantity}
          unit={unitName(dict, row.product.unit)}
          data-testid="stock-quantity"
          className={isLow(row.level) || row.level.negative ? 'font-semibold text-destructive' : undefined}
        />
      ),
    },
    {
      id: 'averageCost',
      header: t.columns.averageCost,
      align: 'end',
      width: 170,
      cell: (row) =>
        row.level.averageCost ? <Money value={row.level.averageCost} data-testid="stock-cost" /> : '—',
    },
    {
      id: 'threshold',
      header: t.columns.threshold,
      align: 'end',
      width: 170,
      cell: (row) =>
        canWrite ? (
          <Button
            variant="ghost"
            size="sm"
            onClick={() => setThresholdOf(row)}
            data-testid="stock-threshold"
            aria-label={`${t.setThreshold}: ${row.product.name}`}
          >
            {row.level.threshold ? (
              <Quantity value={row.level.threshold} unit={unitName(dict, row.product.unit)} />
            ) : (
              t.noThreshold
            )}
          </Button>
        ) : row.level.threshold ? (
          <Quantity value={row.level.threshold} unit={unitName(dict, row.product.unit)} />
        ) : (
          <span className="text-muted-foreground">{t.noThreshold}</span>
        ),
    },
    ...(canWrite
      ? [
          {
            id: 'actions',
            header: t.columns.actions,
            width: 130,
            hideable: false,
            cell: (row: StockRow) => (
              <Button
                variant="outline"
                size="sm"
                onClick={() => setCorrecting(row)}
                data-testid="stock-correct"
                aria-label={`${t.correct}: ${row.product.name}`}
              >
                {t.correct}
              </Button>
            ),
          } satisfies DataTableColumn<StockRow>,
        ]
      : []),
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={
          <>
            <StorePicker id="inventory-store" stores={stores} value={storeId} onChange={setStoreId} />
            <div className="grid w-64 gap-1">
              <Label htmlFor="stock-search">{t.search}</Label>
              <Input
                id="stock-search"
                type="search"
                autoComplete="off"
                placeholder={t.searchPlaceholder}
                value={search}
                onChange={(event) => setSearch(event.target.value)}
                data-testid="stock-search"
              />
            </div>
          </>
        }
      />
      <div className="grid gap-6">
        {!canWrite ? <Banner variant="info" title={dict.inventory.readOnly} /> : null}
        {low.data ? (
          lowCount > 0 ? (
            <Banner
              variant="warning"
              data-testid="low-stock-banner"
              title={fill(t.lowCount, { count: lowCount })}
              description={low.data.lowStock
                .slice(0, 8)
                .map((level) => level.product.name)
                .join(', ')}
            />
          ) : (
            <p className="text-sm text-muted-foreground">{t.noLow}</p>
          )
        ) : null}
        <DataTable
          label={t.title}
          columns={columns}
          data={rows}
          getRowId={(row) => row.product.id}
          loading={stock.loading}
          error={stock.error && !stock.data ? dict.common.errorDescription : null}
          onRetry={() => void stock.refetch()}
          pagination={{ pageIndex: paging.pageIndex, pageSize: PAGE_SIZE }}
          onPaginationChange={(page) => paging.changePage(page, stock.data?.products.pageInfo.endCursor)}
          pageSizes={[PAGE_SIZE]}
          hasNextPage={stock.data?.products.pageInfo.hasNextPage ?? false}
          emptyState={
            term ? (
              <div className="grid justify-items-center gap-2 p-6 text-center">
                <p className="text-sm text-muted-foreground">{fill(t.noMatch, { search: term })}</p>
                <Button variant="outline" size="sm" onClick={() => setSearch('')}>
                  {t.clearSearch}
                </Button>
              </div>
            ) : (
              <div className="grid gap-1 p-6 text-center">
                <p className="font-medium">{t.emptyTitle}</p>
                <p className="text-sm text-muted-foreground">{t.emptyDescription}</p>
              </div>
            )
          }
        />
        <MovementsTable storeId={storeId} timeZone={timeZone} title={dict.inventory.ledger.title} />
      </div>
      {storeId && thresholdOf ? (
        <ThresholdDialog storeId={storeId} row={thresholdOf} onClose={() => setThresholdOf(null)} />
      ) : null}
      {storeId && correcting ? (
        <CorrectDialog storeId={storeId} row={correcting} onClose={() => setCorrecting(null)} />
      ) : null}
    </>
  );
}
