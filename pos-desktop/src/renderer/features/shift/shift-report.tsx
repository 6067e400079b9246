/** The X report (open shift) or Z report (closed): this till's own figures, synced or not. */
import { parseMoney } from '@jowi/receipt';
import { cn } from '@jowi/ui';
import type { ShiftReport } from '../../../shared/pos-types.ts';
import { type MessageKey, useI18n } from '../../lib/i18n.tsx';

const METHOD_LABEL: Record<ShiftReport['byMethod'][number]['method'], MessageKey> = {
  CASH: 'pay.cash',
  CARD: 'pay.card',
  PAYME: 'pay.payme',
  CLICK: 'pay.click',
  UZUM: 'pay.uzum',
  LOYALTY: 'pay.loyalty',
};

export function ShiftReportView({ report, testId }: { report: ShiftReport; testId: string }) {
  const { t, money } = useI18n();
  const m = (text: string) => money(parseMoney(text));
  const difference = report.difference === null ? null : parseMoney(report.difference);
  return (
    <section
      data-testid={testId}
      aria-label={t(report.closedAt ? 'shift.zReport' : 'shift.xReport')}
      className="flex flex-col gap-3"
    >
      <dl className="grid grid-cols-[1fr_auto] gap-x-6 gap-y-1 text-sm tabular-nums">
        <Row label={t('shift.sales')} value={`${report.saleCount} · ${m(report.salesTotal)}`} />
        <Row label={t('shift.refunds')} value={`${report.refundCount} · ${m(report.refundsTotal)}`} />
        {report.byMethod.map((row) => (
          <Row key={row.method} label={`  ${t(METHOD_LABEL[row.method])}`} value={m(row.sales)} muted />
        ))}
        <Row label={t('shift.float')} value={m(report.openingFloat)} />
        <Row label={t('shift.cashIn')} value={m(report.cashIn)} />
        <Row label={t('shift.cashOut')} value={m(report.cashOut)} />
        <Row label={t('shift.expectedCash')} value={m(report.expectedCash)} strong testId="expected-cash" />
        {report.countedCash !== null ? (
          <Row label={t('shift.countedCash')} value={m(report.countedCash)} strong />
        ) : null}
      </dl>
      {difference !== null ? (
        <p
          data-testid="cash-difference"
          className={cn(
            'rounded-md px-3 py-2 text-lg font-semibold tabular-nums',
            difference === 0n ? 'bg-success/10 text-success' : 'bg-destructive/10 text-destructive',
          )}
        >
          {t(difference === 0n ? 'shift.noDifference' : difference > 0n ? 'shift.surplus' : 'shift.shortage')}
          : {money(difference < 0n ? -difference : difference)}
        </p>
      ) : null}
    </section>
  );
}

function Row({
  label,
  value,
  muted,
  strong,
  testId,
}: {
  label: string;
  value: string;
  muted?: boolean;
  strong?: boolean;
  testId?: string;
}) {
  return (
    <>
      <dt className={cn(muted && 'pl-4 text-muted-foreground', strong && 'font-semibold')}>{label}</dt>
      <dd
        data-testid={testId}
        className={cn('text-right', muted && 'text-muted-foreground', strong && 'font-semibold')}
      >
        {value}
      </dd>
    </>
  );
}
