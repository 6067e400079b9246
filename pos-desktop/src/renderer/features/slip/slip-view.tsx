/**
 * After the payment: the sale is recorded. If the fiscal module failed (paper out, cover open …)
 * the cashier reads the cause and the fix in their language, fixes it and retries — the sale is
 * saved and the fiscal gateway never signs it twice. Once signed, the slip (QR, fiscal sign) is
 * printed through the host: the first print is the original, every later one says COPY. Enter
 * starts the next sale.
 */
import { parseMoney } from '@jowi/receipt';
import { Banner, Button, Spinner } from '@jowi/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import type {
  FiscalRequisites,
  PosFailure,
  PrintJob,
  RecordedSale,
  SaleOutcome,
} from '../../../shared/pos-types.ts';
import { posApi } from '../../lib/bridge.ts';
import { FailureMessage, useHostCall } from '../../lib/host-call.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { SlipExtras } from '../customer/slip-loyalty.tsx';

export function SlipView({ outcome, onNewSale }: { outcome: SaleOutcome; onNewSale(): void }) {
  const { t, money } = useI18n();
  const [sale, setSale] = useState<RecordedSale>(outcome.sale);
  const [fiscalError, setFiscalError] = useState<PosFailure | null>(outcome.fiscalError);
  const fiscalise = useHostCall((id: string) => posApi().sale.fiscalise(id));
  const signed = !fiscalError;

  async function retryFiscal() {
    const next = await fiscalise.run(sale.id);
    if (!next) return;
    setSale(next.sale);
    setFiscalError(next.fiscalError);
  }

  // Enter: the next sale once this one is signed (never while a fault is on screen).
  useEffect(() => {
    if (!signed) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Enter' && !(event.target as HTMLElement | null)?.closest('button')) {
        event.preventDefault();
        onNewSale();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [signed, onNewSale]);

  return (
    <section
      aria-label={t('slip.title')}
      className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_26rem] gap-6 p-6"
    >
      <div className="flex flex-col gap-4">
        <p className="text-sm text-muted-foreground">
          {t('slip.receiptNo')} {sale.receiptNumber}
        </p>
        <div>
          <p className="text-sm text-muted-foreground">{t('pay.change')}</p>
          <output data-testid="slip-change" className="block text-6xl font-bold tabular-nums">
            {money(parseMoney(sale.change))}
          </output>
        </div>
        <p className="text-lg">
          {t('cart.total')}:{' '}
          <span className="font-semibold tabular-nums">{money(parseMoney(sale.total))}</span>
        </p>
        <SlipExtras sale={sale} />
        {fiscalError ? (
          <div data-testid="fiscal-fault" className="flex flex-col gap-3">
            <Banner variant="warning" title={t('slip.savedNotSigned')} />
            <FailureMessage error={fiscalError} />
            <FailureMessage error={fiscalise.error} />
            <Button
              size="lg"
              loading={fiscalise.busy}
              onClick={() => void retryFiscal()}
              data-testid="fiscal-retry"
            >
              {t('slip.retryFiscal')}
            </Button>
          </div>
        ) : (
          <Button
            data-testid="new-sale"
            size="lg"
            className="mt-auto h-16 text-lg"
            onClick={onNewSale}
            autoFocus
          >
            {t('slip.newSale')} <kbd className="text-xs opacity-70">Enter</kbd>
          </Button>
        )}
      </div>
      {signed ? <Slip documentId={sale.id} fiscal={sale.fiscal} /> : null}
    </section>
  );
}

/**
 * The printed slip of a sale or refund: the original on first show, COPY on every reprint (the
 * host counts).
 */
export function Slip({ documentId, fiscal }: { documentId: string; fiscal: FiscalRequisites | null }) {
  const { t } = useI18n();
  const [job, setJob] = useState<PrintJob | null>(null);
  const printing = useHostCall((id: string) => posApi().print.receipt(id));
  const frame = useRef<HTMLIFrameElement>(null);
  const printedFor = useRef<string | null>(null);
  const { run } = printing;

  const print = useCallback(async () => {
    const next = await run(documentId);
    if (next) setJob(next);
  }, [run, documentId]);

  // The original prints once per document, even when React runs the effect twice in development.
  useEffect(() => {
    if (printedFor.current === documentId) return;
    printedFor.current = documentId;
    void print();
  }, [print, documentId]);

  return (
    <div
      data-testid="receipt"
      data-sale-id={documentId}
      data-copy={job?.copy ?? false}
      className="flex min-h-0 flex-col gap-3 rounded-lg border bg-card p-4"
    >
      {fiscal ? (
        <dl className="grid grid-cols-[auto_1fr] gap-x-3 text-sm">
          <dt className="text-muted-foreground">{t('slip.fiscalSign')}</dt>
          <dd data-testid="fiscal-sign" className="font-mono">
            {fiscal.fiscalSign}
          </dd>
          <dt className="text-muted-foreground">{t('slip.fiscalReceipt')}</dt>
          <dd className="font-mono">{fiscal.receiptSeq}</dd>
        </dl>
      ) : null}
      <FailureMessage error={printing.error} onRetry={() => void print()} />
      {!job && printing.busy ? <Spinner label={t('slip.printing')} /> : null}
      {job?.format === 'html' && job.html ? (
        <iframe
          ref={frame}
          title={t('slip.title')}
          srcDoc={job.html}
          sandbox="allow-same-origin allow-modals"
          className="min-h-0 w-full flex-1 rounded border bg-white"
        />
      ) : null}
      {job?.format === 'escpos' ? (
        <p className="text-sm">
          {job.printedTo ? `${t('slip.sentTo')} ${job.printedTo}` : t('slip.escposReady')}
        </p>
      ) : null}
      <div className="flex gap-2">
        {job?.format === 'html' ? (
          <Button variant="outline" onClick={() => frame.current?.contentWindow?.print()}>
            {t('slip.printDialog')}
          </Button>
        ) : null}
        <Button variant="outline" data-testid="reprint" loading={printing.busy} onClick={() => void print()}>
          {t('slip.reprint')}
        </Button>
      </div>
    </div>
  );
}
