'use client';

/**
 * The sales reports: one tab per report (by day, product, category at sale time, cashier,
 * payment method, VAT by rate) for the range in the URL and the header's store, each with a
 * chart, a table with a totals row, and CSV/XLSX downloads of exactly that report (the same SQL
 * on the server, streamed through `/api/reports/<name>.<csv|xlsx>`). One query (`reports.graphql`).
 */
import {
  formatMoney as formatMoneyText,
  parseMoney,
  parseQuantity,
  formatQuantity as quantityText,
} from '@jowi/receipt';
import {
  buttonClasses,
  Card,
  Chart,
  DateRangePicker,
  EmptyState,
  Money,
  Quantity,
  Table,
  TableBody,
  TableCell,
  TableFooter,
  TableHead,
  TableHeader,
  TableRow,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
} from '@jowi/ui';
import { useSearchParams } from 'next/navigation';
import type { ReactNode } from 'react';
import { SalesReportDocument, type SalesReportQuery } from '../../../__generated__/graphql.ts';
import { PageHeader } from '../../../components/page-header.tsx';
import { QueryState } from '../../../components/query-state.tsx';
import { type Dictionary, fill, type ReportTab } from '../../../i18n/dictionaries.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { formatMoney } from '../../../lib/format.ts';
import { useSetSearchParams } from '../../../lib/url-state.ts';
import { useCachedQuery } from '../../../lib/use-cached-query.ts';
import { useRangeParam } from '../../../lib/use-range-param.ts';

type Report = SalesReportQuery['salesReport'];
const PRODUCTS_SHOWN = 50;

/** The download name of each tab (`GET /reports/<name>.csv` on the gateway). */
const FILE_OF: Record<ReportTab, string> = {
  byDay: 'by-day',
  byProduct: 'by-product',
  byCategory: 'by-category',
  byCashier: 'by-cashier',
  byPaymentMethod: 'by-payment-method',
  vat: 'vat',
};
const TABS = Object.keys(FILE_OF) as ReportTab[];

interface Column<T> {
  header: string;
  cell: (row: T) => ReactNode;
  /** Money or quantity field summed in the totals row. */
  total?: { kind: 'money' | 'quantity' | 'count'; value: (row: T) => string | number };
  numeric?: boolean;
}

function totalOf<T>(rows: readonly T[], column: Column<T>): ReactNode {
  if (!column.total) return null;
  const { kind, value } = column.total;
  if (kind === 'count') return rows.reduce((n, row) => n + Number(value(row)), 0);
  if (kind === 'quantity') {
    return (
      <Quantity value={quantityText(rows.reduce((s, row) => s + parseQuantity(String(value(row))), 0n))} />
    );
  }
  return <Money value={formatMoneyText(rows.reduce((s, row) => s + parseMoney(String(value(row))), 0n))} />;
}

function ReportTable<T>({
  rows,
  columns,
  rowKey,
  total,
}: {
  rows: readonly T[];
  columns: Column<T>[];
  rowKey: (row: T) => string;
  total: string;
}) {
  return (
    <div className="overflow-x-auto">
      <Table data-testid="report-table">
        <TableHeader>
          <TableRow>
            {columns.map((column) => (
              <TableHead key={column.header} className={column.numeric ? 'text-right' : undefined}>
                {column.header}
              </TableHead>
            ))}
          </TableRow>
        </TableHeader>
        <TableBody>
          {rows.map((row) => (
            <TableRow key={rowKey(row)}>
              {columns.map((column) => (
                <TableCell
                  key={column.header}
                  className={column.numeric ? 'text-right tabular-nums' : undefined}
                >
                  {column.cell(row)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
        <TableFooter>
          <TableRow data-testid="report-total">
            {columns.map((column, index) => (
              <TableCell
                key={column.header}
                className={column.numeric ? 'text-right font-semibold tabular-nums' : 'font-semibold'}
              >
                {index === 0 ? total : totalOf(rows, column)}
              </TableCell>
            ))}
          </TableRow>
        </TableFooter>
      </Table>
    </div>
  );
}

const money = <T,>(header: string, pick: (row: T) => string, summed = true): Column<T> => ({
  header,
  numeric: true,
  cell: (row) => <Money value={pick(row)} />,
  total: summed ? { kind: 'money', value: pick } : undefined,
});
const count = <T,>(header: string, pick: (row: T) => number): Column<T> => ({
  header,
  numeric: true,
  cell: pick,
  total: { kind: 'count', value: pick },
});
const quantity = <T,>(header: string, pick: (row: T) => string): Column<T> => ({
  header,
  numeric: true,
  cell: (row) => <Quantity value={pick(row)} />,
  total: { kind: 'quantity', value: pick },
});
const text = <T,>(header: string, pick: (row: T) => ReactNode): Column<T> => ({ header, cell: pick });

/** One report: its chart and its table. */
function ReportPanel({ tab, report, dict }: { tab: ReportTab; report: Report; dict: Dictionary }) {
  const t = dict.reports;
  const c = t.columns;
  const series = <T,>(label: string, pick: (row: T) => string) => ({
    key: label,
    label,
    // Chart geometry only: the exact amounts are the `format` strings and the table.
    value: (row: T) => Number(pick(row)),
    format: (row: T) => `${formatMoney(pick(row), dict)} ${dict.common.currency}`,
  });
  const chart = <T,>(
    data: readonly T[],
    category: (row: T) => string,
    label: string,
    pick: (row: T) => string,
  ) => (
    <Chart
      kind="bar"
      title={t.tabs[tab]}
      description={t.descriptions[tab]}
      data={data}
      category={category}
      series={[series(label, pick)]}
    />
  );
  switch (tab) {
    case 'byDay': {
      type Row = Report['byDay'][number];
      return (
        <>
          {chart(
            report.byDay,
            (r) => r.date.slice(5),
            c.net,
            (r) => r.net,
          )}
          <ReportTable<Row>
            rows={report.byDay}
            rowKey={(r) => r.date}
            total={t.total}
            columns={[
              text(c.date, (r) => r.date),
              count(c.receipts, (r) => r.receipts),
              money(c.revenue, (r) => r.revenue),
              money(c.discounts, (r) => r.discounts),
              money(c.refunds, (r) => r.refunds),
              money(c.net, (r) => r.net),
              money(c.vat, (r) => r.vat),
            ]}
          />
        </>
      );
    }
    case 'byProduct': {
      type Row = Report['byProduct'][number];
      return (
        <>
          {chart(
            report.byProduct.slice(0, 10),
            (r) => r.name,
            c.revenue,
            (r) => r.revenue,
          )}
          {report.byProduct.length >= PRODUCTS_SHOWN ? (
            <p className="text-sm text-muted-foreground">{fill(t.topShown, { count: PRODUCTS_SHOWN })}</p>
          ) : null}
          <ReportTable<Row>
            rows={report.byProduct}
            rowKey={(r) => r.productId}
            total={t.total}
            columns={[
              text(c.product, (r) => r.name),
              quantity(c.quantity, (r) => r.quantity),
              quantity(c.refundedQuantity, (r) => r.refundedQuantity),
              count(c.receipts, (r) => r.receipts),
              money(c.revenue, (r) => r.revenue),
              money(c.refunds, (r) => r.refunds),
              money(c.net, (r) => r.net),
            ]}
          />
        </>
      );
    }
    case 'byCategory': {
      type Row = Report['byCategory'][number];
      const name = (r: Row) =>
        r.category?.name ?? (r.categoryId ? r.categoryId.slice(0, 8) : t.uncategorised);
      return (
        <>
          {chart(report.byCategory, name, c.revenue, (r) => r.revenue)}
          <ReportTable<Row>
            rows={report.byCategory}
            rowKey={(r) => r.categoryId ?? 'none'}
            total={t.total}
            columns={[
              text(c.category, name),
              quantity(c.quantity, (r) => r.quantity),
              count(c.receipts, (r) => r.receipts),
              money(c.revenue, (r) => r.revenue),
              money(c.refunds, (r) => r.refunds),
              money(c.net, (r) => r.net),
            ]}
          />
        </>
      );
    }
    case 'byCashier': {
      type Row = Report['byCashier'][number];
      const name = (r: Row) => r.cashier?.name ?? t.unknownCashier;
      return (
        <>
          {chart(report.byCashier, name, c.revenue, (r) => r.revenue)}
          <ReportTable<Row>
            rows={report.byCashier}
            rowKey={(r) => r.cashierId ?? 'none'}
            total={t.total}
            columns={[
              text(c.cashier, name),
              count(c.receipts, (r) => r.receipts),
              money(c.revenue, (r) => r.revenue),
              count(c.refundCount, (r) => r.refundCount),
              money(c.refunds, (r) => r.refunds),
              money(c.net, (r) => r.net),
              money(c.averageCheck, (r) => r.averageCheck, false),
            ]}
          />
        </>
      );
    }
    case 'byPaymentMethod': {
      type Row = Report['byPaymentMethod'][number];
      const name = (r: Row) => dict.dashboard.methods[r.method];
      return (
        <>
          {chart(report.byPaymentMethod, name, c.net, (r) => r.net)}
          <ReportTable<Row>
            rows={report.byPaymentMethod}
            rowKey={(r) => r.method}
            total={t.total}
            columns={[
              text(c.method, name),
              count(c.receipts, (r) => r.count),
              money(c.sales, (r) => r.sales),
              money(c.refunds, (r) => r.refunds),
              money(c.net, (r) => r.net),
            ]}
          />
        </>
      );
    }
    case 'vat': {
      type Row = Report['vatByRate'][number];
      const rate = (r: Row) =>
        r.vatRate === null || r.vatRate === undefined ? t.noVatRate : `${r.vatRate} %`;
      return (
        <>
          {chart(report.vatByRate, rate, c.netVat, (r) => r.netVat)}
          <ReportTable<Row>
            rows={report.vatByRate}
            rowKey={(r) => String(r.vatRate)}
            total={t.total}
            columns={[
              text(c.vatRate, rate),
              money(c.sales, (r) => r.sales),
              money(c.salesVat, (r) => r.salesVat),
              money(c.refunds, (r) => r.refunds),
              money(c.refundsVat, (r) => r.refundsVat),
              money(c.net, (r) => r.net),
              money(c.netVat, (r) => r.netVat),
              money(c.netWithoutVat, (r) => r.netWithoutVat),
            ]}
          />
        </>
      );
    }
  }
}

export interface ReportsViewProps {
  /** The store chosen in the header, or null for all. */
  storeId: string | null;
  timeZone: string;
}

export function ReportsView({ storeId, timeZone }: ReportsViewProps) {
  const { dict, locale } = useI18n();
  const t = dict.reports;
  const [range, setRange] = useRangeParam(timeZone);
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const tab = TABS.find((name) => name === params.get('report')) ?? 'byDay';
  const storeIds = storeId ? [storeId] : null;
  const { data, error, loading, refetch } = useCachedQuery(SalesReportDocument, {
    input: { from: range.from, to: range.to, storeIds },
    products: PRODUCTS_SHOWN,
  });

  const query = new URLSearchParams({ from: range.from, to: range.to, lang: locale });
  if (storeId) query.set('stores', storeId);
  const downloads = (
    <div className="flex items-center gap-2" data-testid="report-downloads">
      <span className="text-sm text-muted-foreground">{t.download}:</span>
      {(['csv', 'xlsx'] as const).map((format) => (
        <a
          key={format}
          className={buttonClasses('secondary', 'sm')}
          href={`/api/reports/${FILE_OF[tab]}.${format}?${query}`}
          download
          data-testid={`download-${format}`}
        >
          {format === 'csv' ? t.downloadCsv : t.downloadXlsx}
        </a>
      ))}
    </div>
  );
  const header = (
    <PageHeader
      title={t.title}
      description={t.subtitle}
      actions={
        <div className="flex flex-wrap items-center gap-3">
          <DateRangePicker
            timeZone={timeZone}
            value={range}
            onValueChange={setRange}
            id="reports-range"
            className="min-w-56"
          />
          {downloads}
        </div>
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
  const report = data.salesReport;
  const empty = report.byDay.every((d) => d.receipts === 0 && d.refunds === '0.00');
  return (
    <div className={loading ? 'grid gap-6 opacity-80 transition-opacity' : 'grid gap-6'} aria-busy={loading}>
      {header}
      <Tabs value={tab} onValueChange={(value) => setParams({ report: value === 'byDay' ? null : value })}>
        <TabsList aria-label={t.title} className="flex-wrap">
          {TABS.map((name) => (
            <TabsTrigger key={name} value={name} data-testid={`report-tab-${name}`}>
              {t.tabs[name]}
            </TabsTrigger>
          ))}
        </TabsList>
        {TABS.map((name) => (
          <TabsContent key={name} value={name}>
            <Card className="grid gap-4 p-5">
              {empty ? (
                <EmptyState title={t.emptyTitle} description={t.emptyDescription} />
              ) : (
                <ReportPanel tab={name} report={report} dict={dict} />
              )}
            </Card>
          </TabsContent>
        ))}
      </Tabs>
    </div>
  );
}
