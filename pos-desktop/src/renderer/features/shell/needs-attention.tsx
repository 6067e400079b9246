/**
 * Entries the server refused (REJECTED), holds with other content (CONFLICT) or that failed too
 * often: each with the server's reason. They never block the receipts behind them. A supervisor
 * puts one back in the queue (after the back office fixed the cause) or gives up on it — it then
 * stays in this till's history, never silently dropped.
 */
import { Button, ConfirmDialog, Dialog, DialogContent, EmptyState, Spinner } from '@jowi/ui';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { ParkedEntry } from '../../../shared/pos-types.ts';
import { posApi } from '../../lib/bridge.ts';
import { FailureMessage, useHostCall } from '../../lib/host-call.tsx';
import { useI18n } from '../../lib/i18n.tsx';

export function NeedsAttentionDialog({ onClose }: { onClose(): void }) {
  const { t } = useI18n();
  const [entries, setEntries] = useState<ParkedEntry[] | null>(null);
  const [discarding, setDiscarding] = useState<ParkedEntry | null>(null);
  const list = useHostCall(() => posApi().sync.needsAttention());
  const act = useHostCall((kind: 'retry' | 'discard', id: string) => posApi().sync[kind](id));
  const { run: load } = list;

  const reload = useCallback(async () => {
    const next = await load();
    if (next) setEntries(next);
  }, [load]);
  useEffect(() => void reload(), [reload]);

  async function apply(kind: 'retry' | 'discard', id: string) {
    if (await act.run(kind, id)) await reload();
  }

  let body: ReactNode;
  if (list.error && !entries) body = <FailureMessage error={list.error} onRetry={() => void reload()} />;
  else if (!entries) body = <Spinner label={t('attention.loading')} />;
  else if (!entries.length) body = <EmptyState title={t('attention.empty')} />;
  else {
    body = (
      <ul className="flex flex-col divide-y rounded-md border">
        {entries.map((entry) => (
          <li
            key={entry.id}
            data-testid="parked-entry"
            data-code={entry.code}
            className="flex flex-col gap-1 p-3"
          >
            <p className="font-medium">{entry.summary}</p>
            <p className="text-sm text-destructive">
              {entry.status} · {entry.code}: {entry.message}
            </p>
            <div className="flex gap-2 pt-1">
              <Button size="sm" variant="outline" onClick={() => void apply('retry', entry.id)}>
                {t('attention.retry')}
              </Button>
              <Button size="sm" variant="ghost" onClick={() => setDiscarding(entry)}>
                {t('attention.discard')}
              </Button>
            </div>
          </li>
        ))}
      </ul>
    );
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent title={t('attention.title')} description={t('attention.hint')} className="max-w-2xl!">
        {body}
        <FailureMessage error={act.error} />
        <ConfirmDialog
          open={discarding !== null}
          onOpenChange={(open) => (open ? undefined : setDiscarding(null))}
          title={t('attention.discardConfirm')}
          description={discarding?.summary}
          confirmLabel={t('attention.discard')}
          cancelLabel={t('action.cancel')}
          onConfirm={() => (discarding ? apply('discard', discarding.id) : undefined)}
        />
      </DialogContent>
    </Dialog>
  );
}
