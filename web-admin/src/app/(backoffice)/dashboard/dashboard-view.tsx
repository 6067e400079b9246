'use client';

/**
 * The dashboard: a range's figures with their change against the span before it, revenue by
 * hour (and by day for longer ranges), payment methods, top products, tills that are behind
 * with their sync, and fiscal receipts that need someone. One query (`dashboard.graphql`).
 */
import { parseMoney } from '@jowi/receipt';
import {
  Badge,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  Chart,
  DateRangePicker,
  EmptyState,
  MetricCard,
  type MetricDelta,
  Money,
  Quantity,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useUiLocale,
} from '@jowi/ui';
import Link from 'next/link';
import {
  DashboardDocument,
  type DashboardQuery,
  type DashboardQueryVariables,
} from '../../../__generated__/graphql.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { QueryState } from '../../../components/query-state.tsx';
import type { Dictionary } from '../../../i18n/dictionaries.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { fiscalReason, formatDateTime, formatMoney, percentChange } from '../../../lib/format.ts';
import { type QuerySeed, useCachedQuery } from '../../../lib/use-cached-query.ts';
import { useRangeParam } from '../../../lib/use-range-param.ts';
import { dashboardVariables } from './variables.ts';

type Summary = DashboardQuery['current'];
type Previous = DashboardQuery['previous'];
type Health = DashboardQuery['terminalHealth'][number];
type FiscalNode = NonNullable<DashboardQuery['failed']>['edges'][number]['node'];

export interface DashboardViewProps {
  /** The store chosen in the header, or null for all. */
  storeId: string | null;
  timeZone: string;
  /** Whether the person may read fiscal receipts (the attention list is left out otherwise). */
  withFiscal: boolean;
  /** The answer for the URL's range, read by the page on the server (null when it could not). */
  seed?: QuerySeed<DashboardQuery, DashboardQueryVariables> | null;
}

function delta(
  current: string,
  previous: string,
  dict: Dictionary,
  upIsGood = true,
): MetricDelta | undefined {
  const change = percentChange(parseMoney(current), parseMoney(previous), dict);
  return change ? { ...change, upIsGood, comparedWith: dict.dashboard.comparedWith } : undefined;
}

function countDelta(current: number, previous: number, dict: Dictionary): MetricDelta | undefined {
  const change = percentChange(BigInt(current), BigInt(previous), dict);
  return change ? { ...change, comparedWith: dict.dashboard.comparedWith } : undefined;
}

function Metrics({ current, previous }: { current: Summary; previous: Previous }) {
  const { dict } = useI18n();
  const m = dict.dashboard.metrics;
  return (
    <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-3" data-testid="metrics">
      <MetricCard
        label={m.net}
        definition={m.netDefinition}
        value={<Money value={current.net} data-testid="metric-net" />}
        delta={delta(current.net, previous.net, dict)}
      />
      <MetricCard
        label={m.receipts}
        definition={m.receiptsDefinition}
        value={<span data-testid="metric-receipts">{current.receipts}</span>}
        delta={countDelta(current.receipts, previous.receipts, dict)}
      />
      <MetricCard
        label={m.averageCheck}
        definition={m.averageCheckDefinition}
        value={<Money value={current.averageCheck} data-testid="metric-average" />}
        delta={delta(current.averageCheck, previous.averageCheck, dict)}
      />
      <MetricCard
        label={m.revenue}
        definition={m.revenueDefinition}
        value={<Money value={current.revenue} data-testid="metric-revenue" />}
        delta={delta(current.revenue, previous.revenue, dict)}
      />
      <MetricCard
        label={m.refunds}
        definition={m.refundsDefinition}
        value={<Money value={current.refunds} data-testid="metric-refunds" />}
        delta={delta(current.refunds, previous.refunds, dict, false)}
      />
      <MetricCard
        label={m.vat}
        definition={m.vatDefinition}
        value={<Money value={current.vat} data-testid="metric-vat" />}
        delta={delta(current.vat, previous.vat, dict)}
      />
    </div>
  );
}

function Charts({ current }: { current: Summary }) {
  const { dict } = useI18n();
  const t = dict.dashboard;
  // Chart geometry only: the exact amounts are the `format` strings (and the tables below).
  const revenueSeries = <T extends { revenue: string }>() => ({
    key: 'revenue',
    label: t.metrics.revenue,
    value: (row: T) => Number(row.revenue),
    format: (row: T) => `${formatMoney(row.revenue, dict)} ${dict.common.currency}`,
  });
  return (
    <div className="grid gap-4 xl:grid-cols-2">
      <Card className="p-5">
        <Chart
          kind="bar"
          title={t.byHour}
          description={t.byHourDescription}
          data={current.byHour}
          category={(row) => `${String(row.hour).padStart(2, '0')}:00`}
          series={[revenueSeries<Summary['byHour'][number]>()]}
        />
      </Card>
      {current.byDay.length > 1 ? (
        <Card className="p-5">
          <Chart
            kind="line"
            title={t.byDay}
            data={current.byDay}
            category={(row) => row.date.slice(5)}
            series={[revenueSeries<Summary['byDay'][number]>()]}
          />
        </Card>
      ) : null}
    </div>
  );
}

function PaymentMethods({ current }: { current: Summary }) {
  const { dict } = useI18n();
  const t = dict.dashboard;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t.byPayment}</CardTitle>
      </CardHeader>
      <CardContent>
        <Table aria-label={t.byPayment}>
          <TableHeader>
            <TableRow>
              <TableHead>{t.columns.method}</TableHead>
              <TableHead className="text-right">{t.columns.sales}</TableHead>
              <TableHead className="text-right">{t.columns.refunds}</TableHead>
              <TableHead className="text-right">{t.columns.net}</TableHead>
              <TableHead className="text-right">{t.columns.count}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {current.byPaymentMethod.map((row) => (
              <TableRow key={row.method}>
                <TableCell>{t.methods[row.method]}</TableCell>
                <TableCell className="text-right">
                  <Money value={row.sales} />
                </TableCell>
                <TableCell className="text-right">
                  <Money value={row.refunds} />
                </TableCell>
                <TableCell className="text-right">
                  <Money value={row.net} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{row.count}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

function TopProducts({ current }: { current: Summary }) {
  const { dict } = useI18n();
  const t = dict.dashboard;
  return (
    <Card>
      <CardHeader>
        <CardTitle>{t.topProducts}</CardTitle>
      </CardHeader>
      <CardContent>
        <Table aria-label={t.topProducts} data-testid="top-products">
          <TableHeader>
            <TableRow>
              <TableHead>{t.productColumns.name}</TableHead>
              <TableHead className="text-right">{t.productColumns.quantity}</TableHead>
              <TableHead className="text-right">{t.productColumns.revenue}</TableHead>
              <TableHead className="text-right">{t.productColumns.receipts}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {current.topProducts.map((row) => (
              <TableRow key={row.productId}>
                <TableCell className="font-medium">{row.name}</TableCell>
                <TableCell className="text-right">
                  <Quantity value={row.quantity} />
                </TableCell>
                <TableCell className="text-right">
                  <Money value={row.revenue} />
                </TableCell>
                <TableCell className="text-right tabular-nums">{row.receipts}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </CardContent>
    </Card>
  );
}

/** Tills that are behind: unsent or parked documents, or not heard of for a while. */
function Terminals({
  health,
  names,
  timeZone,
}: {
  health: Health[];
  names: Map<string, string>;
  timeZone: string;
}) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.dashboard;
  const behind = health.filter((row) => row.stale || row.outboxDepth > 0 || row.parkedCount > 0);
  return (
    <Card data-testid="terminal-health">
      <CardHeader>
        <CardTitle>{t.terminals}</CardTitle>
      </CardHeader>
      <CardContent>
        {health.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t.terminalsEmpty}</p>
        ) : behind.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t.terminalsAllSynced}</p>
        ) : (
          <Table aria-label={t.terminals}>
            <TableHeader>
              <TableRow>
                <TableHead>{t.terminalColumns.terminal}</TableHead>
                <TableHead>{t.terminalColumns.lastSeen}</TableHead>
                <TableHead className="text-right">{t.terminalColumns.outbox}</TableHead>
                <TableHead className="text-right">{t.terminalColumns.parked}</TableHead>
                <TableHead>{t.terminalColumns.version}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {behind.map((row) => (
                <TableRow key={row.terminalId} data-testid="terminal-behind">
                  <TableCell className="font-medium">{names.get(row.terminalId) ?? row.terminalId}</TableCell>
                  <TableCell>
                    {formatDateTime(row.lastSeenAt, tag, timeZone)}{' '}
                    {row.stale ? <Badge variant="destructive">{t.stale}</Badge> : null}
                  </TableCell>
                  <TableCell className="text-right tabular-nums">{row.outboxDepth}</TableCell>
                  <TableCell className="text-right tabular-nums">{row.parkedCount}</TableCell>
                  <TableCell>{row.appVersion}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </CardContent>
    </Card>
  );
}

function FiscalAttention({ receipts, timeZone }: { receipts: FiscalNode[]; timeZone: string }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.dashboard;
  return (
    <Card data-testid="fiscal-attention">
      <CardHeader className="flex flex-row items-center justify-between gap-2">
        <CardTitle>{t.fiscalAttention}</CardTitle>
        <Link href="/fiscal" className="text-sm font-medium text-primary underline-offset-4 hover:underline">
          {t.openFiscal}
        </Link>
      </CardHeader>
      <CardContent>
        {receipts.length === 0 ? (
          <p className="text-sm text-muted-foreground">{t.fiscalAttentionEmpty}</p>
        ) : (
          <ul className="grid gap-2">
            {receipts.map((receipt) => (
              <li key={receipt.id} className="flex flex-wrap items-center gap-2 text-sm">
                <Badge variant={receipt.status === 'FAILED' ? 'destructive' : 'warning'}>
                  {dict.fiscal.statuses[receipt.status]}
                </Badge>
                <span className="font-medium">{fiscalReason(receipt.lastErrorCode, dict)}</span>
                <span className="text-muted-foreground">
                  {formatDateTime(receipt.updatedAt, tag, timeZone)}
                </span>
                <Link href={`/sales/${receipt.saleId}`} className="ml-auto text-primary hover:underline">
                  {t.openReceipt}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </CardContent>
    </Card>
  );
}

export function DashboardView({ storeId, timeZone, withFiscal, seed }: DashboardViewProps) {
  const { dict } = useI18n();
  const t = dict.dashboard;
  const [range, setRange] = useRangeParam(timeZone);
  const { data, error, loading, refetch } = useCachedQuery(
    DashboardDocument,
    dashboardVariables(range, storeId, withFiscal),
    { seed },
  );

  const header = (
    <PageHeader
      title={t.title}
      description={t.subtitle}
      actions={
        <DateRangePicker
          timeZone={timeZone}
          value={range}
          onValueChange={setRange}
          id="dashboard-range"
          className="min-w-56"
        />
      }
    />
  );

  if (!data) {
    return (
      <>
        {header}
        <QueryState error={error} onRetry={() => void refetch()} />
      </>
    );
  }

  const names = new Map(
    data.stores.edges.flatMap(({ node }) => node.terminals.map((terminal) => [terminal.id, terminal.name])),
  );
  const fiscal = [...(data.failed?.edges ?? []), ...(data.needsAttention?.edges ?? [])].map(
    (edge) => edge.node,
  );
  return (
    <div className={loading ? 'grid gap-6 opacity-80 transition-opacity' : 'grid gap-6'} aria-busy={loading}>
      {header}
      <Metrics current={data.current} previous={data.previous} />
      {data.current.receipts === 0 && data.current.refunds === '0.00' ? (
        <Card>
          <EmptyState title={t.noSalesTitle} description={t.noSalesDescription} />
        </Card>
      ) : (
        <>
          <Charts current={data.current} />
          <div className="grid gap-4 xl:grid-cols-2">
            <PaymentMethods current={data.current} />
            <TopProducts current={data.current} />
          </div>
        </>
      )}
      <div className="grid gap-4 xl:grid-cols-2">
        <Terminals health={data.terminalHealth} names={names} timeZone={timeZone} />
        {withFiscal ? <FiscalAttention receipts={fiscal} timeZone={timeZone} /> : null}
      </div>
      {error && !loading ? (
        <Button variant="ghost" size="sm" className="justify-self-start" onClick={() => void refetch()}>
          {dict.common.tryAgain}
        </Button>
      ) : null}
    </div>
  );
}
