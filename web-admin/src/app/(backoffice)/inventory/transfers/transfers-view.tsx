'use client';

/**
 * Transfers between stores: the list (newest first, filtered by status and by the header's
 * store), "Send transfer" (a form whose idempotency id is made once when it opens, so a retried
 * send never moves stock twice), and a transfer's detail (`?transfer=<id>`) where an in-transit
 * transfer is received in full or with the quantities that actually arrived.
 */
import { Badge, Button, DataTable, type DataTableColumn, useUiLocale } from '@jowi/ui';
import { useSearchParams } from 'next/navigation';
import { useState } from 'react';
import {
  InventoryTransfersDocument,
  type TransferFieldsFragment,
  type TransferStatus,
} from '../../../../__generated__/graphql.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { dateTimeColumnWidth, formatDateTime } from '../../../../lib/format.ts';
import { useSetSearchParams } from '../../../../lib/url-state.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../../lib/use-cursor-paging.ts';
import type { StoreSummary } from '../../../../server/stores.ts';
import { InventoryListFilters, useStatusParam } from '../_shared/inventory-list-filters.tsx';
import { SendTransferDialog } from './send-transfer-dialog.tsx';
import { transferActor } from './transfer-actor.ts';
import { TransferDialog } from './transfer-dialog.tsx';

const PAGE_SIZE = 25;
const STATUSES: readonly TransferStatus[] = ['IN_TRANSIT', 'RECEIVED'];

export function TransferStatusBadge({ status }: { status: TransferStatus }) {
  const { dict } = useI18n();
  return (
    <Badge variant={status === 'IN_TRANSIT' ? 'warning' : 'success'} data-testid="transfer-status">
      {dict.inventoryOps.transfers.status[status]}
    </Badge>
  );
}

export function TransfersView({
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
  const t = dict.inventoryOps.transfers;
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const [status, setStatus] = useStatusParam(STATUSES);
  const [openId, setOpenId] = useState<string | null>(params.get('transfer'));
  const [sending, setSending] = useState(false);
  const paging = useCursorPaging(`${status}:${storeId ?? ''}`);
  const { data, error, loading, refetch } = useCachedQuery(InventoryTransfersDocument, {
    first: PAGE_SIZE,
    after: paging.after,
    status: status === 'ALL' ? null : status,
    storeId,
  });
  const rows = data?.transfers.edges.map((edge) => edge.node) ?? [];
  const open = (id: string | null) => {
    setOpenId(id);
    setParams({ transfer: id });
  };

  const columns: DataTableColumn<TransferFieldsFragment>[] = [
    {
      id: 'sentAt',
      header: t.columns.sentAt,
      width: dateTimeColumnWidth(tag),
      cell: (row) => formatDateTime(row.sentAt, tag, timeZone),
    },
    {
      id: 'sentBy',
      header: t.columns.sentBy,
      cell: (row) => (
        <span data-testid="transfer-sent-by">{transferActor(row.sentBy, row.sentByStaff, t)}</span>
      ),
    },
    { id: 'from', header: t.columns.from, cell: (row) => row.fromStore.name },
    { id: 'to', header: t.columns.to, cell: (row) => row.toStore.name },
    {
      id: 'lines',
      header: t.columns.lines,
      cell: (row) => (
        <span title={row.lines.map((line) => line.product.name).join(', ')}>
          {fill(t.lineCount, { count: row.lines.length })}
        </span>
      ),
    },
    {
      id: 'status',
      header: t.columns.status,
      width: 150,
      cell: (row) => <TransferStatusBadge status={row.status} />,
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
            testId="transfer-status-filter"
            action={
              canWrite ? (
                <Button onClick={() => setSending(true)} data-testid="send-transfer">
                  {t.send}
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
        onPaginationChange={(page) => paging.changePage(page, data?.transfers.pageInfo.endCursor)}
        pageSizes={[PAGE_SIZE]}
        hasNextPage={data?.transfers.pageInfo.hasNextPage ?? false}
        onRowActivate={(row) => open(row.id)}
        emptyState={
          <div className="grid gap-1 p-6 text-center">
            <p className="font-medium">{t.emptyTitle}</p>
            <p className="text-sm text-muted-foreground">{t.emptyDescription}</p>
          </div>
        }
      />
      {sending ? (
        <SendTransferDialog
          stores={stores}
          defaultFrom={storeId}
          onClose={() => setSending(false)}
          onSent={(id) => {
            setSending(false);
            void refetch();
            open(id);
          }}
        />
      ) : null}
      {openId ? (
        <TransferDialog
          id={openId}
          timeZone={timeZone}
          canWrite={canWrite}
          onClose={() => open(null)}
          onReceived={() => void refetch()}
        />
      ) : null}
    </>
  );
}
