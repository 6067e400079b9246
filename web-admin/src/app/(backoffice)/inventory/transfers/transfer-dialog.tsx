'use client';

/**
 * One transfer: its stores, times and lines (sent, received, in transit, shortages). An
 * in-transit transfer is received here by someone with `inventory:write`: "All arrived" (after a
 * confirmation), or "Receive what arrived" with a quantity per line — a blank line arrived in full.
 */
import { useMutation } from '@apollo/client/react';
import { parseQuantity } from '@jowi/receipt';
import {
  Banner,
  Button,
  ConfirmDialog,
  Dialog,
  DialogContent,
  DialogFooter,
  Quantity,
  QuantityInput,
  Spinner,
  useToast,
  useUiLocale,
} from '@jowi/ui';
import { type ReactNode, useRef, useState } from 'react';
import { InventoryTransferDocument, ReceiveTransferDocument } from '../../../../__generated__/graphql.ts';
import { fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { unitName } from '../../../../i18n/units.ts';
import { formatDateTime } from '../../../../lib/format.ts';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { userErrorText } from '../_ops/lines.tsx';
import { transferActor } from './transfer-actor.ts';
import { TransferStatusBadge } from './transfers-view.tsx';

/** One labelled fact of the transfer's header ("Sent: …", "Sent by: …"). */
function Fact({ label, testId, children }: { label: string; testId?: string; children: ReactNode }) {
  return (
    <span data-testid={testId}>
      <span className="text-muted-foreground">{label}:</span> {children}
    </span>
  );
}

export function TransferDialog({
  id,
  timeZone,
  canWrite,
  onClose,
  onReceived,
}: {
  id: string;
  timeZone: string;
  canWrite: boolean;
  onClose: () => void;
  onReceived: () => void;
}) {
  const { dict } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.inventoryOps;
  const d = t.transfers.detail;
  const { toast } = useToast();
  const { data, loading, error, refetch } = useCachedQuery(InventoryTransferDocument, { id });
  const [receive, { loading: receiving }] = useMutation(ReceiveTransferDocument);
  const [partial, setPartial] = useState(false);
  const [received, setReceived] = useState<Record<string, string | null>>({});
  const [confirmAll, setConfirmAll] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const transfer = data?.transfer;
  const inTransit = transfer?.status === 'IN_TRANSIT';

  const submit = async (all: boolean) => {
    setProblem(null);
    const lines = all
      ? null
      : Object.entries(received)
          .filter((entry): entry is [string, string] => entry[1] !== null)
          .map(([productId, quantity]) => ({ productId, quantity }));
    try {
      const { data: result } = await receive({ variables: { input: { transferId: id, lines } } });
      const failure = result?.receiveTransfer.errors[0];
      if (failure) return setProblem(userErrorText(dict, failure.code));
      toast({ title: d.received, variant: 'success' });
      setPartial(false);
      onReceived();
      // The receive buttons are gone: keep the focus (and Escape) inside the dialog.
      requestAnimationFrame(() => closeButton.current?.focus());
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent title={d.title} className="max-w-3xl" data-testid="transfer-detail">
        {!transfer ? (
          loading ? (
            <div className="flex justify-center py-8">
              <Spinner label={dict.common.loading} />
            </div>
          ) : error ? (
            <Banner
              variant="destructive"
              title={dict.common.errorDescription}
              action={
                <Button size="sm" variant="outline" onClick={() => void refetch()}>
                  {dict.common.tryAgain}
                </Button>
              }
            />
          ) : (
            <p className="text-sm text-muted-foreground">{d.notFound}</p>
          )
        ) : (
          <div className="grid gap-4">
            <div className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm">
              <span className="font-medium">
                {transfer.fromStore.name} → {transfer.toStore.name}
              </span>
              <TransferStatusBadge status={transfer.status} />
              <Fact label={d.sentAt}>{formatDateTime(transfer.sentAt, tag, timeZone)}</Fact>
              <Fact label={d.sentBy} testId="transfer-detail-sent-by">
                {transferActor(transfer.sentBy, transfer.sentByStaff, t.transfers)}
              </Fact>
              {transfer.receivedAt ? (
                <>
                  <Fact label={d.receivedAt}>{formatDateTime(transfer.receivedAt, tag, timeZone)}</Fact>
                  <Fact label={d.receivedBy} testId="transfer-detail-received-by">
                    {transferActor(transfer.receivedBy, transfer.receivedByStaff, t.transfers)}
                  </Fact>
                </>
              ) : null}
            </div>
            {transfer.note ? (
              <p className="text-sm">
                <span className="text-muted-foreground">{d.note}:</span> {transfer.note}
              </p>
            ) : null}
            {partial ? <p className="text-sm text-muted-foreground">{d.receiveHint}</p> : null}
            <table className="w-full text-sm" data-testid="transfer-lines">
              <thead>
                <tr className="text-left text-muted-foreground">
                  <th className="py-1 font-medium">{d.columns.product}</th>
                  <th className="py-1 pl-4 text-right font-medium">{d.columns.sent}</th>
                  <th className="w-44 py-1 pl-4 text-right font-medium">{d.columns.received}</th>
                  <th className="py-1 pl-4 text-right font-medium">{d.columns.inTransit}</th>
                </tr>
              </thead>
              <tbody>
                {transfer.lines.map((line) => {
                  const short =
                    line.quantityReceived !== null &&
                    parseQuantity(line.quantityReceived) < parseQuantity(line.quantitySent);
                  return (
                    <tr key={line.product.id} className="border-t border-border" data-testid="transfer-line">
                      <td className="py-1.5">
                        <span className="font-medium">{line.product.name}</span>{' '}
                        <span className="text-muted-foreground">{line.product.sku}</span>
                      </td>
                      <td className="py-1.5 pl-4 text-right">
                        <Quantity value={line.quantitySent} unit={unitName(dict, line.product.unit)} />
                      </td>
                      <td className="py-1.5 pl-4 text-right">
                        {partial ? (
                          <QuantityInput
                            aria-label={`${d.columns.received}: ${line.product.name}`}
                            placeholder={line.quantitySent}
                            value={received[line.product.id] ?? null}
                            onValueChange={(value) =>
                              setReceived((all) => ({ ...all, [line.product.id]: value }))
                            }
                            data-testid={`receive-quantity-${line.product.id}`}
                          />
                        ) : line.quantityReceived !== null ? (
                          <span className={short ? 'text-destructive' : undefined}>
                            <Quantity
                              value={line.quantityReceived}
                              unit={unitName(dict, line.product.unit)}
                            />
                            {short ? ` (${d.shortage})` : null}
                          </span>
                        ) : (
                          '—'
                        )}
                      </td>
                      <td className="py-1.5 pl-4 text-right">
                        <Quantity value={line.inTransit} unit={unitName(dict, line.product.unit)} />
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            {problem ? <Banner variant="destructive" title={problem} data-testid="receive-error" /> : null}
            {inTransit && !canWrite ? <p className="text-sm text-muted-foreground">{t.readOnly}</p> : null}
            <DialogFooter>
              <Button ref={closeButton} variant="outline" onClick={onClose} data-testid="transfer-close">
                {t.close}
              </Button>
              {inTransit && canWrite ? (
                partial ? (
                  <Button
                    loading={receiving}
                    onClick={() => void submit(false)}
                    data-testid="receive-some-submit"
                  >
                    {d.confirm}
                  </Button>
                ) : (
                  <>
                    <Button variant="outline" onClick={() => setPartial(true)} data-testid="receive-some">
                      {d.receiveSome}
                    </Button>
                    <Button onClick={() => setConfirmAll(true)} data-testid="receive-all">
                      {d.receiveAll}
                    </Button>
                  </>
                )
              ) : null}
            </DialogFooter>
          </div>
        )}
        <ConfirmDialog
          open={confirmAll}
          onOpenChange={setConfirmAll}
          title={d.confirmAllTitle}
          description={fill(d.confirmAllDescription, { store: transfer?.toStore.name ?? '' })}
          confirmLabel={d.confirm}
          cancelLabel={t.cancel}
          variant="primary"
          onConfirm={() => submit(true)}
        />
      </DialogContent>
    </Dialog>
  );
}
