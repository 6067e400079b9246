/**
 * Refund by receipt (F7): find the sale among this till's recent receipts by its number (or scan
 * its id), choose how much of each line comes back (all by default), and the host records the
 * refund — offline too — and signs its fiscal refund receipt. Amounts and the split back over the
 * sale's methods come from the receipt package (`lib/refund.ts`).
 */
import { displayQuantity, displayTime, parseMoney, parseQuantity } from '@jowi/receipt';
import { Button, Dialog, DialogContent, EmptyState, Input, Label, Spinner } from '@jowi/ui';
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import type { PosFailure, RecordedRefund, RecordedSale } from '../../../shared/pos-types.ts';
import { parseTypedQuantity } from '../../lib/amounts.ts';
import { posApi } from '../../lib/bridge.ts';
import { FailureMessage, useHostCall } from '../../lib/host-call.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { lineRefundAmount, remainingQuantity, toRefundDraft } from '../../lib/refund.ts';
import { Slip } from '../slip/slip-view.tsx';

export function RefundDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const [sale, setSale] = useState<RecordedSale | null>(null);
  const [done, setDone] = useState<{ refund: RecordedRefund; fault: PosFailure | null } | null>(null);
  let body = <FindSale onFound={setSale} />;
  if (done) body = <RefundResult refund={done.refund} fault={done.fault} onDone={onClose} />;
  else if (sale)
    body = <ChooseLines sale={sale} onRecorded={(refund, fault) => setDone({ refund, fault })} />;
  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent title={t('refund.title')} className="max-w-3xl!">
        {body}
      </DialogContent>
    </Dialog>
  );
}

function FindSale({ onFound }: { onFound(sale: RecordedSale): void }) {
  const { t, money, language } = useI18n();
  const [query, setQuery] = useState('');
  const recent = useHostCall(() => posApi().sale.recent(50));
  const [sales, setSales] = useState<RecordedSale[] | null>(null);
  const { run } = recent;
  useEffect(() => {
    void run().then(setSales);
  }, [run]);

  const matches = useMemo(() => {
    const q = query.trim();
    if (!sales || !q) return sales ?? [];
    return sales.filter((s) => String(s.receiptNumber) === q || s.id === q);
  }, [sales, query]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (matches.length === 1) onFound(matches[0]!);
  }

  return (
    <form className="flex flex-col gap-3" onSubmit={submit} noValidate>
      <Label htmlFor="refund-search">{t('refund.find')}</Label>
      <Input
        id="refund-search"
        data-testid="refund-search"
        autoFocus
        autoComplete="off"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
      />
      <FailureMessage error={recent.error} onRetry={() => void run().then(setSales)} />
      {!sales && recent.busy ? <Spinner label={t('refund.loading')} /> : null}
      {sales && !matches.length ? <EmptyState title={t('refund.none')} /> : null}
      <ul className="max-h-80 divide-y overflow-y-auto rounded-md border">
        {matches.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              data-testid="refund-sale"
              className="flex w-full cursor-pointer items-center justify-between px-3 py-2 text-left hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring"
              onClick={() => onFound(s)}
            >
              <span>
                {t('slip.receiptNo')} {s.receiptNumber} · {displayTime(s.createdAt, language)}
              </span>
              <span className="font-semibold tabular-nums">{money(parseMoney(s.total))}</span>
            </button>
          </li>
        ))}
      </ul>
    </form>
  );
}

function ChooseLines({
  sale,
  onRecorded,
}: {
  sale: RecordedSale;
  onRecorded(refund: RecordedRefund, fault: PosFailure | null): void;
}) {
  const { t, money, language } = useI18n();
  // What earlier refunds of this sale left of each line; everything left comes back unless the
  // cashier lowers a line.
  const left = useMemo(() => sale.lines.map((_, i) => remainingQuantity(sale, i + 1)), [sale]);
  const [texts, setTexts] = useState(() => left.map((q) => displayQuantity(q, 'en')));
  const [reason, setReason] = useState('');
  // A sale line is identified by its position (`saleLineNo`, 1-based).
  const numbered = useMemo(() => sale.lines.map((line, i) => ({ line, no: i + 1, i })), [sale.lines]);
  const record = useHostCall((draft: NonNullable<ReturnType<typeof toRefundDraft>>) =>
    posApi().refund.record(draft),
  );
  const quantities = texts.map((text, i) => {
    if (!text.trim() || text.trim() === '0') return 0n;
    const q = parseTypedQuantity(text);
    return q !== null && q <= left[i]! ? q : null;
  });
  const nothingLeft = left.every((q) => q === 0n);
  const valid = quantities.every((q) => q !== null) && quantities.some((q) => q! > 0n);
  const total = valid
    ? quantities.reduce<bigint>((acc, q, i) => acc + (q! > 0n ? lineRefundAmount(sale, i + 1, q!) : 0n), 0n)
    : null;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!valid) return;
    const draft = toRefundDraft(
      sale,
      quantities.map((q, i) => ({ saleLineNo: i + 1, quantity: q! })),
      reason,
    );
    if (!draft) return;
    const outcome = await record.run(draft);
    if (outcome) onRecorded(outcome.refund, outcome.fiscalError);
  }

  return (
    <form className="flex flex-col gap-3" onSubmit={submit} noValidate>
      <p className="text-sm text-muted-foreground">
        {t('slip.receiptNo')} {sale.receiptNumber} · {money(parseMoney(sale.total))}
      </p>
      <ul className="divide-y rounded-md border">
        {numbered.map(({ line, no, i }) => (
          <li key={no} className="grid grid-cols-[1fr_7rem_8rem] items-center gap-3 px-3 py-2">
            <span className="truncate">
              {line.name} · {displayQuantity(parseQuantity(line.quantity), language)}
              {left[i] !== parseQuantity(line.quantity) ? (
                <span className="ml-2 text-sm text-muted-foreground" data-testid="refund-left">
                  ({displayQuantity(left[i]!, language)} {t('refund.left')})
                </span>
              ) : null}
            </span>
            <Input
              data-testid="refund-quantity"
              aria-label={`${t('refund.quantity')}: ${line.name}`}
              inputMode="decimal"
              disabled={left[i] === 0n}
              invalid={quantities[i] === null}
              className="text-right tabular-nums"
              value={texts[i]}
              onChange={(e) => setTexts((all) => all.map((v, j) => (j === i ? e.target.value : v)))}
            />
            <span className="text-right tabular-nums">
              {quantities[i] ? money(lineRefundAmount(sale, i + 1, quantities[i]!)) : '—'}
            </span>
          </li>
        ))}
      </ul>
      <Input
        aria-label={t('shift.reason')}
        placeholder={t('shift.reason')}
        maxLength={200}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
      />
      {nothingLeft ? (
        <p role="alert" className="text-sm text-destructive" data-testid="refund-nothing-left">
          {t('refund.nothingLeft')}
        </p>
      ) : !valid ? (
        <p role="alert" className="text-sm text-destructive">
          {t('refund.invalid')}
        </p>
      ) : null}
      <FailureMessage error={record.error} />
      <Button
        data-testid="confirm-refund"
        type="submit"
        size="lg"
        variant="destructive"
        loading={record.busy}
        disabled={!valid}
      >
        {t('refund.confirm')} {total !== null ? money(total) : ''}{' '}
        <kbd className="text-xs opacity-70">Enter</kbd>
      </Button>
    </form>
  );
}

function RefundResult({
  refund: recorded,
  fault: initialFault,
  onDone,
}: {
  refund: RecordedRefund;
  fault: PosFailure | null;
  onDone(): void;
}) {
  const { t } = useI18n();
  const [refund, setRefund] = useState(recorded);
  const [fault, setFault] = useState(initialFault);
  const fiscalise = useHostCall((id: string) => posApi().refund.fiscalise(id));

  async function retry() {
    const next = await fiscalise.run(refund.id);
    if (!next) return;
    setRefund(next.refund);
    setFault(next.fiscalError);
  }

  return (
    <div className="flex flex-col gap-3" data-testid="refund-done">
      {fault ? (
        <>
          <p className="text-sm">{t('refund.savedNotSigned')}</p>
          <FailureMessage error={fault} />
          <FailureMessage error={fiscalise.error} />
          <Button loading={fiscalise.busy} onClick={() => void retry()}>
            {t('slip.retryFiscal')}
          </Button>
        </>
      ) : (
        <div className="h-[28rem]">
          <Slip documentId={refund.id} fiscal={refund.fiscal} />
        </div>
      )}
      <Button size="lg" onClick={onDone} disabled={Boolean(fault)}>
        {t('action.done')}
      </Button>
    </div>
  );
}
