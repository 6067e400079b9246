'use client';

/**
 * Goods receipts of one store, newest first (`goodsReceipts`), under the form that receives goods
 * (with `inventory:write`). A receipt posted here appears in the list at once.
 */
import { Banner, DataTable, type DataTableColumn, Money, useUiLocale } from '@jowi/ui';
import { GoodsReceiptsDocument, type GoodsReceiptsQuery } from '../../../../__generated__/graphql.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { useI18n } from '../../../../i18n/provider.tsx';
import { dateTimeColumnWidth, formatDateTime } from '../../../../lib/format.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../../lib/use-cursor-paging.ts';
import { StorePicker } from '../_shared/store-picker.tsx';
import { useStoreParam } from '../_shared/use-store-param.ts';
import type { StoreWithZone } from '../stock-view.tsx';
import { ReceiveForm } from './receive-form.tsx';

type ReceiptRow = GoodsReceiptsQuery['goodsReceipts']['edges'][number]['node'];

const PAGE_SIZE = 25;

export function ReceiptsView({
  stores,
  defaultStoreId,
  canWrite,
}: {
  stores: readonly StoreWithZone[];
  defaultStoreId: string | null;
  canWrite: boolean;
}) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.inventory.receipts;
  const [storeId, setStoreId] = useStoreParam(stores, defaultStoreId);
  const timeZone = stores.find((store) => store.id === storeId)?.timeZone ?? 'Asia/Tashkent';
  const paging = useCursorPaging(storeId ?? '');
  const { data, error, loading, refetch } = useCachedQuery(
    GoodsReceiptsDocument,
    { storeId: storeId ?? null, first: PAGE_SIZE, after: paging.after },
    { skip: !storeId },
  );
  const rows = data?.goodsReceipts.edges.map((edge) => edge.node) ?? [];

  const columns: DataTableColumn<ReceiptRow>[] = [
    {
      id: 'time',
      header: t.columns.time,
      width: dateTimeColumnWidth(tag),
      cell: (row) => formatDateTime(row.createdAt, tag, timeZone),
    },
    {
      id: 'supplier',
      header: t.columns.supplier,
      cell: (row) => <span className="font-medium">{row.supplier?.name ?? '—'}</span>,
    },
    { id: 'store', header: t.columns.store, width: 180, cell: (row) => row.store.name },
    { id: 'lines', header: t.columns.lines, align: 'end', width: 90, cell: (row) => row.lines.length },
    { id: 'note', header: t.columns.note, cell: (row) => row.note ?? '—' },
    {
      id: 'total',
      header: t.columns.total,
      align: 'end',
      width: 170,
      cell: (row) => <Money value={row.total} data-testid="receipt-total" />,
    },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={<StorePicker id="receipts-store" stores={stores} value={storeId} onChange={setStoreId} />}
      />
      <div className="grid gap-6">
        {canWrite ? (
          storeId ? (
            <ReceiveForm
              key={storeId}
              storeId={storeId}
              storeName={stores.find((s) => s.id === storeId)?.name ?? ''}
            />
          ) : null
        ) : (
          <Banner variant="info" title={dict.inventory.readOnly} />
        )}
        <section className="grid gap-3" aria-label={t.listTitle}>
          <h2 className="text-lg font-semibold">{t.listTitle}</h2>
          <DataTable
            label={t.listTitle}
            columns={columns}
            data={rows}
            getRowId={(row) => row.id}
            loading={loading}
            error={error && !data ? dict.common.errorDescription : null}
            onRetry={() => void refetch()}
            pagination={{ pageIndex: paging.pageIndex, pageSize: PAGE_SIZE }}
            onPaginationChange={(page) => paging.changePage(page, data?.goodsReceipts.pageInfo.endCursor)}
            pageSizes={[PAGE_SIZE]}
            hasNextPage={data?.goodsReceipts.pageInfo.hasNextPage ?? false}
            emptyState={
              <div className="grid gap-1 p-6 text-center">
                <p className="font-medium">{t.emptyTitle}</p>
                <p className="text-sm text-muted-foreground">{t.emptyDescription}</p>
              </div>
            }
          />
        </section>
      </div>
    </>
  );
}
