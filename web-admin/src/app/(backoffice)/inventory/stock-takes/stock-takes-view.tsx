'use client';

/**
 * Stock-takes: the count sheets, newest first (the header's store filters them), with their
 * status and how many lines are counted; a row opens its sheet. "Start a count" opens a sheet for
 * a store over every product stocked there, or over chosen products only (a partial count).
 */
import { Badge, Button, DataTable, type DataTableColumn, useUiLocale } from '@jowi/ui';
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import {
  InventoryStockTakesDocument,
  type StockTakeFieldsFragment,
  type StockTakeStatus,
} from '../../../../__generated__/graphql.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { dateTimeColumnWidth, formatDateTime } from '../../../../lib/format.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../../lib/use-cursor-paging.ts';
import type { StoreSummary } from '../../../../server/stores.ts';
import { InventoryListFilters, useStatusParam } from '../_shared/inventory-list-filters.tsx';
import { StartStockTakeDialog } from './start-stock-take-dialog.tsx';

const PAGE_SIZE = 25;
const STATUSES: readonly StockTakeStatus[] = ['OPEN', 'POSTED'];

export function StockTakeStatusBadge({ status }: { status: StockTakeFieldsFragment['status'] }) {
  const { dict } = useI18n();
  return (
    <Badge variant={status === 'OPEN' ? 'warning' : 'success'} data-testid="stock-take-status">
      {dict.inventoryOps.stockTakes.status[status]}
    </Badge>
  );
}

export function StockTakesView({
  stores,
  storeId,
  timeZone,
  canWrite,
}: {
  stores: StoreSummary[];
  storeId: string | null;
  timeZone: string;
  canWrite: boolean;
}) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.inventoryOps.stockTakes;
  const router = useRouter();
  const [starting, setStarting] = useState(false);
  const [status, setStatus] = useStatusParam(STATUSES);
  const paging = useCursorPaging(`${status}:${storeId ?? ''}`);
  const { data, error, loading, refetch } = useCachedQuery(InventoryStockTakesDocument, {
    first: PAGE_SIZE,
    after: paging.after,
    status: status === 'ALL' ? null : status,
    storeId,
  });
  const rows = data?.stockTakes.edges.map((edge) => edge.node) ?? [];

  const columns: DataTableColumn<StockTakeFieldsFragment>[] = [
    {
      id: 'startedAt',
      header: t.columns.startedAt,
      width: dateTimeColumnWidth(tag),
      cell: (row) => formatDateTime(row.createdAt, tag, timeZone),
    },
    { id: 'store', header: t.columns.store, cell: (row) => row.store.name },
    { id: 'scope', header: t.columns.scope, cell: (row) => (row.partial ? t.partial : t.full) },
    {
      id: 'progress',
      header: t.columns.progress,
      align: 'end',
      cell: (row) =>
        fill(t.progress, {
          counted: row.lines.filter((line) => line.counted !== null).length,
          total: row.lines.length,
        }),
    },
    {
      id: 'status',
      header: t.columns.status,
      width: 150,
      cell: (row) => <StockTakeStatusBadge status={row.status} />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={
          <InventoryListFilters
            label={t.filter}
            statuses={STATUSES}
            labels={t.status}
            value={status}
            onChange={setStatus}
            testId="stock-take-status-filter"
            action={
              canWrite ? (
                <Button onClick={() => setStarting(true)} data-testid="start-stock-take">
                  {t.start}
                </Button>
              ) : null
            }
          />
        }
      />
      <DataTable
        label={t.title}
        columns={columns}
        data={rows}
        getRowId={(row) => row.id}
        loading={loading}
        error={error && !data ? dict.common.errorDescription : null}
        onRetry={() => void refetch()}
        pagination={{ pageIndex: paging.pageIndex, pageSize: PAGE_SIZE }}
        onPaginationChange={(page) => paging.changePage(page, data?.stockTakes.pageInfo.endCursor)}
        pageSizes={[PAGE_SIZE]}
        hasNextPage={data?.stockTakes.pageInfo.hasNextPage ?? false}
        onRowActivate={(row) => router.push(`/inventory/stock-takes/${row.id}`)}
        emptyState={
          <div className="grid gap-1 p-6 text-center">
            <p className="font-medium">{t.emptyTitle}</p>
            <p className="text-sm text-muted-foreground">{t.emptyDescription}</p>
          </div>
        }
      />
      {starting ? (
        <StartStockTakeDialog
          stores={stores}
          defaultStore={storeId}
          onClose={() => setStarting(false)}
          onStarted={(id) => router.push(`/inventory/stock-takes/${id}`)}
        />
      ) : null}
    </>
  );
}
