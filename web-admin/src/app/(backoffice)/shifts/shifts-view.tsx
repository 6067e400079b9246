'use client';

/**
 * Shifts per store (from the header) and till, open and closed, overdue ones flagged; filters
 * in the URL, server-side cursor paging. A row opens the shift's X or Z report.
 */
import { Badge, DataTable, type DataTableColumn, Label, Money, Select, useUiLocale } from '@jowi/ui';
import { useRouter, useSearchParams } from 'next/navigation';
import {
  type ShiftStatus,
  ShiftsListDocument,
  type ShiftsListQuery,
} from '../../../__generated__/graphql.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { useI18n } from '../../../i18n/provider.tsx';
import { formatDateTime } from '../../../lib/format.ts';
import { directoryNames } from '../../../lib/names.ts';
import { useSetSearchParams } from '../../../lib/url-state.ts';
import { useCachedQuery } from '../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../lib/use-cursor-paging.ts';

type ShiftRow = ShiftsListQuery['shifts']['edges'][number]['node'];

const PAGE_SIZE = 25;
const ANY = 'any';
const OVERDUE = 'overdue';

/** A difference in cash, red when short. */
export function CashDifference({ value }: { value: string | null | undefined }) {
  if (value == null) return <>—</>;
  const short = value.startsWith('-');
  return <Money value={value} className={short ? 'font-semibold text-destructive' : undefined} />;
}

export function ShiftsView({ storeId, timeZone }: { storeId: string | null; timeZone: string }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.shifts;
  const router = useRouter();
  const params = useSearchParams();
  const state = params.get('state');
  const terminalId = params.get('terminalId');
  const filter = {
    storeId,
    terminalId,
    status: (state === 'OPEN' || state === 'CLOSED' ? state : null) as ShiftStatus | null,
    overdue: state === OVERDUE ? true : null,
  };
  const paging = useCursorPaging(JSON.stringify(filter));
  const { data, error, loading, refetch } = useCachedQuery(ShiftsListDocument, {
    first: PAGE_SIZE,
    after: paging.after,
    filter,
  });
  const names = directoryNames(data?.stores);
  const setParams = useSetSearchParams();
  const setParam = (key: string, value: string) => setParams({ [key]: value === ANY ? null : value });

  const columns: DataTableColumn<ShiftRow>[] = [
    { id: 'number', header: t.columns.number, width: 70, cell: (row) => row.number },
    { id: 'terminal', header: t.columns.terminal, cell: (row) => names.terminal(row.terminalId) },
    { id: 'opened', header: t.columns.opened, cell: (row) => formatDateTime(row.openedAt, tag, timeZone) },
    {
      id: 'closed',
      header: t.columns.closed,
      cell: (row) => (row.closedAt ? formatDateTime(row.closedAt, tag, timeZone) : '—'),
    },
    {
      id: 'status',
      header: t.columns.status,
      cell: (row) => (
        <span className="flex gap-1">
          <Badge variant={row.status === 'OPEN' ? 'success' : 'secondary'}>{t.statuses[row.status]}</Badge>
          {row.overdue ? (
            <Badge variant="destructive" title={t.overdueHint}>
              {t.overdue}
            </Badge>
          ) : null}
        </span>
      ),
    },
    {
      id: 'expected',
      header: t.columns.expected,
      align: 'end',
      cell: (row) => (row.expectedCash ? <Money value={row.expectedCash} /> : '—'),
    },
    {
      id: 'counted',
      header: t.columns.counted,
      align: 'end',
      cell: (row) => (row.countedCash ? <Money value={row.countedCash} /> : '—'),
    },
    {
      id: 'difference',
      header: t.columns.difference,
      align: 'end',
      cell: (row) => <CashDifference value={row.cashDifference} />,
    },
  ];

  return (
    <>
      <PageHeader title={t.title} description={t.subtitle} />
      <div className="mb-4 flex flex-wrap items-end gap-3">
        <div className="grid gap-1">
          <Label htmlFor="shift-state">{t.filters.status}</Label>
          <Select
            id="shift-state"
            className="w-56"
            value={state ?? ANY}
            options={[
              { value: ANY, label: t.filters.any },
              { value: 'OPEN', label: t.statuses.OPEN },
              { value: 'CLOSED', label: t.statuses.CLOSED },
              { value: OVERDUE, label: t.filters.onlyOverdue },
            ]}
            onValueChange={(value) => setParam('state', value)}
          />
        </div>
        <div className="grid gap-1">
          <Label htmlFor="shift-terminal">{dict.sales.filters.terminal}</Label>
          <Select
            id="shift-terminal"
            className="w-44"
            value={terminalId ?? ANY}
            options={[
              { value: ANY, label: t.filters.any },
              ...names.terminals.map((terminal) => ({ value: terminal.id, label: terminal.name })),
            ]}
            onValueChange={(value) => setParam('terminalId', value)}
          />
        </div>
      </div>
      <DataTable
        label={t.title}
        columns={columns}
        data={data?.shifts.edges.map((edge) => edge.node) ?? []}
        getRowId={(row) => row.id}
        loading={loading}
        error={error && !data ? dict.common.errorDescription : null}
        onRetry={() => void refetch()}
        pagination={{ pageIndex: paging.pageIndex, pageSize: PAGE_SIZE }}
        onPaginationChange={(page) => paging.changePage(page, data?.shifts.pageInfo.endCursor)}
        pageSizes={[PAGE_SIZE]}
        hasNextPage={data?.shifts.pageInfo.hasNextPage ?? false}
        onRowActivate={(row) => router.push(`/shifts/${row.id}`)}
        emptyState={
          <div className="grid gap-1 p-6 text-center">
            <p className="font-medium">{t.emptyTitle}</p>
            <p className="text-sm text-muted-foreground">{t.emptyDescription}</p>
          </div>
        }
      />
    </>
  );
}
