/**
 * The header's sync chip: online or offline and how many receipts wait to upload
 * (`data-pending` carries the count for scripted checks). The host pushes every change; a click
 * uploads now instead of waiting for the next attempt.
 */
import { Badge, Button } from '@jowi/ui';
import { useEffect, useState } from 'react';
import type { PosFailure, SyncStatus } from '../../../shared/pos-types.ts';
import { posApi } from '../../lib/bridge.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { NeedsAttentionDialog } from './needs-attention.tsx';

/** The host's sync status, kept current by its pushes. */
export function useSyncStatus(): SyncStatus | null {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  useEffect(() => {
    let live = true;
    void posApi()
      .sync.status()
      .then((result) => {
        if (live && result.ok) setStatus(result.value);
      });
    const unsubscribe = posApi().sync.subscribe((next) => setStatus(next));
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  return status;
}

export function SyncBadge() {
  const { t, failure } = useI18n();
  const status = useSyncStatus();
  const [syncing, setSyncing] = useState(false);
  const [attention, setAttention] = useState(false);
  // "Send now" the host refused (it is gone, or the till is not paired): said beside the chip.
  const [failed, setFailed] = useState<PosFailure | null>(null);
  const pending = status?.pending ?? 0;
  const offline = status?.online === false;
  const label = offline ? t('sync.offline') : t('sync.online');

  async function syncNow() {
    setSyncing(true);
    try {
      const result = await posApi().sync.syncNow();
      setFailed(result.ok ? null : result.error);
    } finally {
      setSyncing(false);
    }
  }

  return (
    <>
      <Button
        variant="ghost"
        size="sm"
        data-testid="sync-status"
        data-pending={pending}
        data-online={status?.online ?? 'unknown'}
        aria-label={`${label}. ${t('sync.pending')}: ${pending}. ${t('sync.now')}`}
        loading={syncing}
        onClick={() => void syncNow()}
      >
        <Badge variant={offline ? 'warning' : status?.lastError ? 'destructive' : 'success'}>{label}</Badge>
        <span className="tabular-nums text-xs">
          {t('sync.pending')}: {pending}
        </span>
      </Button>
      {failed ? (
        <span
          role="alert"
          data-testid="sync-error"
          data-code={failed.code}
          title={failure(failed)}
          className="text-xs font-medium text-destructive"
        >
          {t('sync.failed')}
        </span>
      ) : null}
      {status?.parked ? (
        <Button
          variant="destructive"
          size="sm"
          data-testid="needs-attention"
          data-count={status.parked}
          onClick={() => setAttention(true)}
        >
          {t('sync.parked')}: {status.parked}
        </Button>
      ) : null}
      {attention ? <NeedsAttentionDialog onClose={() => setAttention(false)} /> : null}
    </>
  );
}
