'use client';

/**
 * One shift: its X report (open) or Z report (closed) — sales, refunds, discounts, VAT by rate,
 * payment methods, cash in and out — and the cash drawer: float, expected, counted, difference,
 * the closing note and every cash movement. Links to the shift's receipts.
 */
import {
  Badge,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  EmptyState,
  Money,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useUiLocale,
} from '@jowi/ui';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { ShiftDetailDocument, type ShiftDetailQuery } from '../../../../__generated__/graphql.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { QueryState } from '../../../../components/query-state.tsx';
import { fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { formatDateTime } from '../../../../lib/format.ts';
import { directoryNames } from '../../../../lib/names.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { CashDifference } from '../shifts-view.tsx';

type Shift = NonNullable<ShiftDetailQuery['shift']>;

function Figure({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <div className="grid gap-0.5" data-testid={testId}>
      <dt className="text-xs text-muted-foreground">{label}</dt>
      <dd className="text-lg font-semibold tabular-nums">{children}</dd>
    </div>
  );
}

function Report({ shift, timeZone }: { shift: Shift; timeZone: string }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.shifts;
  const r = shift.report;
  return (
    <Card data-testid="shift-report">
      <CardHeader>
        <CardTitle>{r.final ? t.zReport : t.xReport}</CardTitle>
        <p className="text-sm text-muted-foreground">
          {t.report.generatedAt}: {formatDateTime(r.generatedAt, tag, timeZone)}
        </p>
      </CardHeader>
      <CardContent className="grid gap-6">
        <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-4">
          <Figure label={t.report.salesCount} testId="z-sales-count">
            {r.salesCount}
          </Figure>
          <Figure label={t.report.salesTotal} testId="z-sales-total">
            <Money value={r.salesTotal} />
          </Figure>
          <Figure label={t.report.refundsCount}>{r.refundsCount}</Figure>
          <Figure label={t.report.refundsTotal} testId="z-refunds-total">
            <Money value={r.refundsTotal} />
          </Figure>
          <Figure label={t.report.netTotal} testId="z-net-total">
            <Money value={r.netTotal} />
          </Figure>
          <Figure label={t.report.discountTotal}>
            <Money value={r.discountTotal} />
          </Figure>
          <Figure label={t.report.vatTotal}>
            <Money value={r.vatTotal} />
          </Figure>
        </dl>
        <div className="grid gap-4 xl:grid-cols-2">
          <Table aria-label={dict.dashboard.byPayment}>
            <TableHeader>
              <TableRow>
                <TableHead>{dict.dashboard.columns.method}</TableHead>
                <TableHead className="text-right">{dict.dashboard.columns.sales}</TableHead>
                <TableHead className="text-right">{dict.dashboard.columns.refunds}</TableHead>
                <TableHead className="text-right">{dict.dashboard.columns.net}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {r.byPaymentMethod.map((row) => (
                <TableRow key={row.method}>
                  <TableCell>{dict.dashboard.methods[row.method]}</TableCell>
                  <TableCell className="text-right">
                    <Money value={row.sales} />
                  </TableCell>
                  <TableCell className="text-right">
                    <Money value={row.refunds} />
                  </TableCell>
                  <TableCell className="text-right">
                    <Money value={row.net} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Table aria-label={t.vatByRate}>
            <TableHeader>
              <TableRow>
                <TableHead>{t.vatColumns.rate}</TableHead>
                <TableHead className="text-right">{t.vatColumns.amount}</TableHead>
                <TableHead className="text-right">{t.vatColumns.vat}</TableHead>
              </TableRow>
            </TableHeader>
            <TableBody>
              {r.vatByRate.map((row) => (
                <TableRow key={row.rate}>
                  <TableCell>{row.rate} %</TableCell>
                  <TableCell className="text-right">
                    <Money value={row.amount} />
                  </TableCell>
                  <TableCell className="text-right">
                    <Money value={row.vat} />
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      </CardContent>
    </Card>
  );
}

function Cash({ shift, timeZone }: { shift: Shift; timeZone: string }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.shifts;
  const r = shift.report;
  const difference = shift.cashDifference;
  return (
    <Card data-testid="shift-cash">
      <CardHeader>
        <CardTitle>{t.cash}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-6">
        <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
          <Figure label={t.report.openingFloat}>
            <Money value={r.openingFloat} />
          </Figure>
          <Figure label={t.report.cashIn}>
            <Money value={r.cashIn} />
          </Figure>
          <Figure label={t.report.cashOut}>
            <Money value={r.cashOut} />
          </Figure>
          <Figure label={t.report.expectedCash} testId="cash-expected">
            <Money value={shift.expectedCash ?? r.expectedCash} />
          </Figure>
          <Figure label={t.countedCash} testId="cash-counted">
            {shift.countedCash ? <Money value={shift.countedCash} /> : '—'}
          </Figure>
          <Figure label={t.difference} testId="cash-difference">
            <CashDifference value={difference} />
            {difference && difference !== '0.00' ? (
              <span className="ml-1 text-sm font-normal text-muted-foreground">
                {difference.startsWith('-') ? t.shortage : t.surplus}
              </span>
            ) : null}
          </Figure>
        </dl>
        {shift.status === 'OPEN' ? <p className="text-sm text-muted-foreground">{t.notCounted}</p> : null}
        {shift.closingNote ? (
          <p className="text-sm">
            <span className="text-muted-foreground">{t.closingNote}: </span>
            {shift.closingNote}
          </p>
        ) : null}
        <div>
          <p className="mb-2 text-sm font-semibold">{t.movements}</p>
          {shift.cashMovements.length === 0 ? (
            <p className="text-sm text-muted-foreground">{t.noMovements}</p>
          ) : (
            <Table aria-label={t.movements}>
              <TableHeader>
                <TableRow>
                  <TableHead>{t.movementColumns.at}</TableHead>
                  <TableHead>{t.movementColumns.kind}</TableHead>
                  <TableHead>{t.movementColumns.reason}</TableHead>
                  <TableHead className="text-right">{t.movementColumns.amount}</TableHead>
                </TableRow>
              </TableHeader>
              <TableBody>
                {shift.cashMovements.map((movement) => (
                  <TableRow key={movement.id}>
                    <TableCell>{formatDateTime(movement.at, tag, timeZone)}</TableCell>
                    <TableCell>{t.movementKinds[movement.kind] ?? movement.kind}</TableCell>
                    <TableCell>{movement.reason}</TableCell>
                    <TableCell className="text-right">
                      <Money value={movement.amount} />
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </div>
      </CardContent>
    </Card>
  );
}

export function ShiftView({ id }: { id: string }) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.shifts;
  const { data, error, refetch } = useCachedQuery(ShiftDetailDocument, { id });
  const back = (
    <Link href="/shifts" className="text-sm font-medium text-primary hover:underline">
      ← {t.back}
    </Link>
  );
  if (!data) {
    return <QueryState error={error} onRetry={() => void refetch()} />;
  }
  const shift = data.shift;
  if (!shift) {
    return (
      <Card>
        <EmptyState title={t.notFoundTitle} description={t.notFoundDescription} action={back} />
      </Card>
    );
  }
  const names = directoryNames(data.stores);
  const timeZone =
    data.stores.edges.find(({ node }) => node.id === shift.storeId)?.node.timeZone ?? 'Asia/Tashkent';
  const opened = formatDateTime(shift.openedAt, tag, timeZone);
  const closed = shift.closedAt ? formatDateTime(shift.closedAt, tag, timeZone) : null;
  return (
    <div className="grid gap-6">
      <div>{back}</div>
      <PageHeader
        title={fill(t.shiftTitle, { number: shift.number })}
        description={
          <span className="flex flex-wrap items-center gap-2">
            <Badge variant={shift.status === 'OPEN' ? 'success' : 'secondary'} data-testid="shift-status">
              {t.statuses[shift.status]}
            </Badge>
            {shift.overdue ? <Badge variant="destructive">{t.overdue}</Badge> : null}
            <span>
              {names.store(shift.storeId)} · {names.terminal(shift.terminalId)} · {opened}
              {closed ? ` – ${closed}` : ''}
            </span>
          </span>
        }
        actions={
          <Link
            href={`/sales?shiftId=${shift.id}&from=2000-01-01&to=${new Date().toISOString().slice(0, 10)}`}
            className="text-sm font-medium text-primary hover:underline"
          >
            {t.receipts}
          </Link>
        }
      />
      {shift.overdue ? <p className="text-sm text-destructive">{t.overdueHint}</p> : null}
      <Report shift={shift} timeZone={timeZone} />
      <Cash shift={shift} timeZone={timeZone} />
    </div>
  );
}
