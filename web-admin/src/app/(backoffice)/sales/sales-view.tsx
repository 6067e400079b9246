'use client';

/**
 * The receipts list: the `sales` query's filters kept in the URL (days, a device-time window
 * inside them — `from` / `to` instants read in the store's zone —, status, payment method,
 * till, total range, and shift / customer / cashier when a link brings them), the store from
 * the header, server-side cursor paging. A row opens the receipt.
 */
import { tryParseMoney } from '@jowi/receipt';
import {
  Badge,
  Button,
  DataTable,
  type DataTableColumn,
  DateRangePicker,
  Input,
  Label,
  Money,
  MoneyInput,
  Select,
  useUiLocale,
  zonedInstant,
} from '@jowi/ui';
import { useRouter, useSearchParams } from 'next/navigation';
import { useState } from 'react';
import {
  type PaymentMethod,
  type SaleFilter,
  type SaleStatus,
  SalesListDocument,
  type SalesListQuery,
} from '../../../__generated__/graphql.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { useI18n } from '../../../i18n/provider.tsx';
import { dateTimeColumnWidth, formatDateTime } from '../../../lib/format.ts';
import { directoryNames } from '../../../lib/names.ts';
import { useSetSearchParams } from '../../../lib/url-state.ts';
import { useCachedQuery } from '../../../lib/use-cached-query.ts';
import { useCursorPaging } from '../../../lib/use-cursor-paging.ts';
import { useRangeParam } from '../../../lib/use-range-param.ts';

type SaleRow = SalesListQuery['sales']['edges'][number]['node'];

const PAGE_SIZE = 25;
const STATUSES: SaleStatus[] = ['COMPLETED', 'PARTIALLY_REFUNDED', 'REFUNDED'];
const METHODS: PaymentMethod[] = ['CASH', 'CARD', 'PAYME', 'CLICK', 'UZUM', 'LOYALTY'];
const ANY = 'any';
/** URL parameters that are ids passed by links (a shift's receipts, a customer's). */
const ID_FILTERS = ['shiftId', 'customerId', 'cashierId'] as const;

export interface SalesViewProps {
  storeId: string | null;
  timeZone: string;
  withFiscal: boolean;
}

/** The `SaleFilter` the URL describes (amounts typed by hand that are not money are left out). */
function filterOf(
  params: URLSearchParams,
  range: { from: string; to: string },
  storeId: string | null,
  timeZone: string,
): SaleFilter {
  const status = params.get('status');
  const method = params.get('method');
  const min = tryParseMoney(params.get('min') ?? '');
  const max = tryParseMoney(params.get('max') ?? '');
  return {
    dateFrom: range.from,
    dateTo: range.to,
    from: zonedInstant(params.get('fromTime') ?? '', timeZone),
    to: zonedInstant(params.get('toTime') ?? '', timeZone),
    storeId,
    terminalId: params.get('terminalId'),
    status: STATUSES.find((s) => s === status) ?? null,
    paymentMethod: METHODS.find((m) => m === method) ?? null,
    minTotal: min === null ? null : params.get('min'),
    maxTotal: max === null ? null : params.get('max'),
    shiftId: params.get('shiftId'),
    customerId: params.get('customerId'),
    cashierId: params.get('cashierId'),
  } as SaleFilter;
}

/** Sets filters in the URL; "any" removes one. */
function useUrlParam() {
  const setParams = useSetSearchParams();
  return (changes: Record<string, string | null>) =>
    setParams(
      Object.fromEntries(Object.entries(changes).map(([key, value]) => [key, value === ANY ? null : value])),
    );
}

/** A money bound typed by hand: kept in the URL only when it is an amount. */
function AmountFilter({ id, label, param }: { id: string; label: string; param: 'min' | 'max' }) {
  const { dict } = useI18n();
  const params = useSearchParams();
  const setParams = useUrlParam();
  const [value, setValue] = useState<string | null>(params.get(param));
  const [refused, setRefused] = useState(false);
  const commit = () => setParams({ [param]: value });
  return (
    <div className="grid gap-1">
      <Label htmlFor={id}>{label}</Label>
      <MoneyInput
        id={id}
        className="w-40"
        value={value}
        invalid={refused}
        aria-describedby={refused ? `${id}-error` : undefined}
        onValueChange={(next) => {
          setRefused(false);
          setValue(next);
        }}
        onRefuse={() => setRefused(true)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
      />
      {refused ? (
        <p id={`${id}-error`} className="text-xs text-destructive">
          {dict.sales.filters.invalidAmount}
        </p>
      ) : null}
    </div>
  );
}

/**
 * A moment (`datetime-local`, the store's clock) bounding the receipts' device time; applied as
 * soon as it is a whole reading, so the list follows without an Apply step.
 */
function TimeFilter({ id, label, param }: { id: string; label: string; param: 'fromTime' | 'toTime' }) {
  const params = useSearchParams();
  const setParams = useUrlParam();
  return (
    <div className="grid gap-1">
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type="datetime-local"
        className="w-52"
        value={params.get(param) ?? ''}
        onChange={(event) => setParams({ [param]: event.target.value || null })}
      />
    </div>
  );
}

function Filters({ terminals }: { terminals: { id: string; name: string }[] }) {
  const { dict } = useI18n();
  const t = dict.sales.filters;
  const params = useSearchParams();
  const setParams = useUrlParam();
  const any = { value: ANY, label: t.any };
  const linked = ID_FILTERS.filter((key) => params.get(key));
  const labels = { shiftId: t.shift, customerId: t.customer, cashierId: t.cashier };
  return (
    <div className="mb-4 flex flex-wrap items-end gap-3" data-testid="sales-filters">
      <div className="grid gap-1">
        <Label htmlFor="filter-status">{t.status}</Label>
        <Select
          id="filter-status"
          className="w-44"
          value={params.get('status') ?? ANY}
          options={[any, ...STATUSES.map((s) => ({ value: s, label: dict.sales.statuses[s] }))]}
          onValueChange={(status) => setParams({ status })}
        />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="filter-method">{t.paymentMethod}</Label>
        <Select
          id="filter-method"
          className="w-40"
          value={params.get('method') ?? ANY}
          options={[any, ...METHODS.map((m) => ({ value: m, label: dict.dashboard.methods[m] }))]}
          onValueChange={(method) => setParams({ method })}
        />
      </div>
      <div className="grid gap-1">
        <Label htmlFor="filter-terminal">{t.terminal}</Label>
        <Select
          id="filter-terminal"
          className="w-40"
          value={params.get('terminalId') ?? ANY}
          options={[any, ...terminals.map((terminal) => ({ value: terminal.id, label: terminal.name }))]}
          onValueChange={(terminalId) => setParams({ terminalId })}
        />
      </div>
      <TimeFilter id="filter-from-time" label={t.fromTime} param="fromTime" />
      <TimeFilter id="filter-to-time" label={t.toTime} param="toTime" />
      <AmountFilter id="filter-min" label={t.minTotal} param="min" />
      <AmountFilter id="filter-max" label={t.maxTotal} param="max" />
      {linked.map((key) => (
        <Badge key={key} variant="secondary" className="h-8 gap-2">
          {labels[key]}
          <button
            type="button"
            aria-label={`${t.clear}: ${labels[key]}`}
            className="cursor-pointer"
            onClick={() => setParams({ [key]: null })}
          >
            ×
          </button>
        </Badge>
      ))}
    </div>
  );
}

export function SalesView({ storeId, timeZone, withFiscal }: SalesViewProps) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.sales;
  const router = useRouter();
  const params = useSearchParams();
  const [range, setRange] = useRangeParam(timeZone);
  const filter = filterOf(params, range, storeId, timeZone);
  const filterKey = JSON.stringify(filter);
  const paging = useCursorPaging(filterKey);
  const { data, error, loading, refetch } = useCachedQuery(SalesListDocument, {
    first: PAGE_SIZE,
    after: paging.after,
    filter,
    withFiscal,
  });
  const names = directoryNames(data?.stores);
  const rows = data?.sales.edges.map((edge) => edge.node) ?? [];

  const columns: DataTableColumn<SaleRow>[] = [
    {
      id: 'number',
      header: t.columns.number,
      width: 90,
      cell: (row) => (row.receiptNumber ?? t.noReceipt).toString(),
    },
    {
      id: 'time',
      header: t.columns.time,
      width: dateTimeColumnWidth(tag),
      cell: (row) => formatDateTime(row.createdAt, tag, timeZone),
    },
    { id: 'terminal', header: t.columns.terminal, cell: (row) => names.terminal(row.terminalId) },
    {
      id: 'status',
      header: t.columns.status,
      cell: (row) => (
        <Badge variant={row.status === 'COMPLETED' ? 'secondary' : 'warning'}>{t.statuses[row.status]}</Badge>
      ),
    },
    {
      id: 'payments',
      header: t.columns.payments,
      cell: (row) => [...new Set(row.payments.map((p) => dict.dashboard.methods[p.method]))].join(', '),
    },
    ...(withFiscal
      ? [
          {
            id: 'fiscal',
            header: t.columns.fiscal,
            cell: (row: SaleRow) =>
              row.fiscalReceipt ? (
                <Badge variant={row.fiscalReceipt.status === 'REGISTERED' ? 'success' : 'warning'}>
                  {dict.fiscal.statuses[row.fiscalReceipt.status]}
                </Badge>
              ) : (
                '—'
              ),
          },
        ]
      : []),
    {
      id: 'refunded',
      header: t.columns.refunded,
      align: 'end',
      cell: (row) => (row.refundedTotal === '0.00' ? '—' : <Money value={row.refundedTotal} />),
    },
    { id: 'total', header: t.columns.total, align: 'end', cell: (row) => <Money value={row.total} /> },
  ];

  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={
          <DateRangePicker timeZone={timeZone} value={range} onValueChange={setRange} className="min-w-56" />
        }
      />
      <Filters terminals={names.terminals} />
      <DataTable
        label={t.title}
        columns={columns}
        data={rows}
        getRowId={(row) => row.id}
        loading={loading}
        error={error && !data ? dict.common.errorDescription : null}
        onRetry={() => void refetch()}
        pagination={{ pageIndex: paging.pageIndex, pageSize: PAGE_SIZE }}
        onPaginationChange={(page) => paging.changePage(page, data?.sales.pageInfo.endCursor)}
        pageSizes={[PAGE_SIZE]}
        hasNextPage={data?.sales.pageInfo.hasNextPage ?? false}
        onRowActivate={(row) => router.push(`/sales/${row.id}`)}
        emptyState={
          <div className="grid gap-1 p-6 text-center">
            <p className="font-medium">{t.emptyTitle}</p>
            <p className="text-sm text-muted-foreground">{t.emptyDescription}</p>
          </div>
        }
      />
      {params.toString() ? (
        <Button
          variant="ghost"
          size="sm"
          className="mt-2"
          onClick={() => window.history.replaceState(null, '', '/sales')}
        >
          {t.filters.clear}
        </Button>
      ) : null}
    </>
  );
}
