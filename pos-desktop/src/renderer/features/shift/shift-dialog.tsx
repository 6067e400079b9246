/**
 * The drawer's day from the sell screen: cash in and out with a reason (F8), the X report and
 * closing the shift with the counted cash (F9). Closing shows the Z report with the difference;
 * in local fiscal mode the fiscal module's shift is closed after the till's, so a fiscal fault
 * never loses the till's own record of the day.
 */
import { formatMoney } from '@jowi/receipt';
import {
  Button,
  Dialog,
  DialogContent,
  FormField,
  Input,
  Spinner,
  Tabs,
  TabsContent,
  TabsList,
  TabsTrigger,
} from '@jowi/ui';
import { type FormEvent, useEffect, useState } from 'react';
import type { ShiftReport } from '../../../shared/pos-types.ts';
import { parseTypedMoney } from '../../lib/amounts.ts';
import { posApi } from '../../lib/bridge.ts';
import { FailureMessage, useHostCall } from '../../lib/host-call.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { fiscalIsLocal, useShift } from './shift-gate.tsx';
import { ShiftReportView } from './shift-report.tsx';

/** Which part of the dialog is open. */
export type ShiftTab = 'cash' | 'close';

export function ShiftDialog({
  tab,
  onTab,
  onClose,
}: {
  tab: ShiftTab;
  onTab(tab: ShiftTab): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const { reload } = useShift();
  const [closed, setClosed] = useState<{ report: ShiftReport; fiscalWarning: string | null } | null>(null);
  const finish = () => (closed ? void reload() : onClose());
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : finish())}>
      <DialogContent title={closed ? t('shift.zReport') : t('shift.title')} className="max-w-xl!">
        {closed ? (
          <>
            <ShiftReportView report={closed.report} testId="z-report" />
            {closed.fiscalWarning ? (
              <p role="alert" className="text-sm text-destructive">
                {closed.fiscalWarning}
              </p>
            ) : null}
            <Button size="lg" autoFocus onClick={finish}>
              {t('action.done')}
            </Button>
          </>
        ) : (
          <Tabs value={tab} onValueChange={(value) => onTab(value as ShiftTab)}>
            <TabsList>
              <TabsTrigger value="cash">
                {t('shift.cashMoves')} <kbd className="text-xs opacity-70">F8</kbd>
              </TabsTrigger>
              <TabsTrigger value="close">
                {t('shift.xAndClose')} <kbd className="text-xs opacity-70">F9</kbd>
              </TabsTrigger>
            </TabsList>
            <TabsContent value="cash" className="pt-4">
              <CashMoveForm onDone={onClose} />
            </TabsContent>
            <TabsContent value="close" className="pt-4">
              <CloseShiftForm onClosed={(report, fiscalWarning) => setClosed({ report, fiscalWarning })} />
            </TabsContent>
          </Tabs>
        )}
      </DialogContent>
    </Dialog>
  );
}

function CashMoveForm({ onDone }: { onDone(): void }) {
  const { t } = useI18n();
  const { reload } = useShift();
  const [kind, setKind] = useState<'in' | 'out'>('in');
  const [amountText, setAmountText] = useState('');
  const [reason, setReason] = useState('');
  const move = useHostCall((input: { amount: string; reason: string }) =>
    kind === 'in' ? posApi().shift.cashIn(input) : posApi().shift.cashOut(input),
  );
  const amount = parseTypedMoney(amountText);
  const valid = amount !== null && amount > 0n && reason.trim().length > 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    const done = await move.run({ amount: formatMoney(amount), reason: reason.trim() });
    if (!done) return;
    await reload();
    onDone();
  }

  return (
    <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
      <fieldset className="grid grid-cols-2 gap-2">
        <legend className="sr-only">{t('shift.cashMoves')}</legend>
        <Button
          variant={kind === 'in' ? 'primary' : 'outline'}
          aria-pressed={kind === 'in'}
          onClick={() => setKind('in')}
        >
          {t('shift.cashIn')}
        </Button>
        <Button
          variant={kind === 'out' ? 'primary' : 'outline'}
          aria-pressed={kind === 'out'}
          onClick={() => setKind('out')}
        >
          {t('shift.cashOut')}
        </Button>
      </fieldset>
      <FormField label={t('pay.amount')} required>
        <Input
          data-testid="cash-move-amount"
          inputMode="decimal"
          autoFocus
          value={amountText}
          onChange={(e) => setAmountText(e.target.value)}
        />
      </FormField>
      <FormField label={t('shift.reason')} required>
        <Input
          data-testid="cash-move-reason"
          maxLength={200}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </FormField>
      <FailureMessage error={move.error} />
      <Button type="submit" size="lg" loading={move.busy} disabled={!valid}>
        {t(kind === 'in' ? 'shift.cashIn' : 'shift.cashOut')} <kbd className="text-xs opacity-70">Enter</kbd>
      </Button>
    </form>
  );
}

function CloseShiftForm({ onClosed }: { onClosed(report: ShiftReport, fiscalWarning: string | null): void }) {
  const { t, failure } = useI18n();
  const x = useHostCall(() => posApi().shift.xReport());
  const close = useHostCall((countedCash: string) => posApi().shift.close({ countedCash }));
  const [report, setReport] = useState<ShiftReport | null>(null);
  const [countedText, setCountedText] = useState('');
  const counted = parseTypedMoney(countedText);
  const { run: loadX } = x;

  useEffect(() => {
    void loadX().then(setReport);
  }, [loadX]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (counted === null) return;
    const z = await close.run(formatMoney(counted));
    if (!z) return;
    // The till's shift is closed whatever the fiscal module says; its fault is shown with the Z report.
    const fiscal = (await fiscalIsLocal()) ? await posApi().fiscal.closeShift() : null;
    onClosed(z, fiscal && !fiscal.ok ? failure(fiscal.error) : null);
  }

  return (
    <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
      {report ? (
        <ShiftReportView report={report} testId="x-report" />
      ) : (
        <Spinner label={t('shift.loading')} />
      )}
      <FailureMessage error={x.error} onRetry={() => void loadX().then(setReport)} />
      <FormField label={t('shift.countedCash')} required>
        <Input
          data-testid="counted-cash"
          inputMode="decimal"
          autoFocus
          className="h-12 text-right text-xl tabular-nums"
          value={countedText}
          onChange={(e) => setCountedText(e.target.value)}
        />
      </FormField>
      <FailureMessage error={close.error} />
      <Button
        data-testid="confirm-close-shift"
        type="submit"
        size="lg"
        variant="destructive"
        loading={close.busy}
        disabled={counted === null}
      >
        {t('shift.close')} <kbd className="text-xs opacity-70">Enter</kbd>
      </Button>
    </form>
  );
}
