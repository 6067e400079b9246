/**
 * Calling the POS host from a screen: every `window.pos` method resolves to a `PosResult`, never
 * rejects, so a screen keeps one piece of state — the failure to show — and a busy flag that
 * stops a second submit while the first is on its way (a double Enter must not sell twice).
 */
import { Button } from '@jowi/ui';
import { useCallback, useRef, useState } from 'react';
import type { PosFailure, PosResult } from '../../shared/pos-types.ts';
import { useI18n } from './i18n.tsx';

/** A host call with its busy flag and last failure; `run` resolves to the value or null. */
export function useHostCall<A extends unknown[], T>(call: (...args: A) => Promise<PosResult<T>>) {
  const latest = useRef(call);
  latest.current = call;
  const inFlight = useRef(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<PosFailure | null>(null);
  const run = useCallback(async (...args: A): Promise<T | null> => {
    if (inFlight.current) return null;
    inFlight.current = true;
    setBusy(true);
    setError(null);
    try {
      const result = await latest.current(...args);
      if (result.ok) return result.value;
      setError(result.error);
      return null;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  }, []);
  return { run, busy, error, setError };
}

/** A failure as the cashier reads it: the host's sentence in the till's language, and Retry when it can help. */
export function FailureMessage({
  error,
  onRetry,
  testId,
}: {
  error: PosFailure | null;
  onRetry?: () => void;
  testId?: string;
}) {
  const { t, failure } = useI18n();
  if (!error) return null;
  return (
    <div
      role="alert"
      data-testid={testId}
      data-code={error.code}
      className="flex items-center gap-3 rounded-md border border-destructive/40 bg-destructive/10 px-3 py-2 text-sm text-destructive"
    >
      <p className="flex-1">
        {failure(error)}
        {error.retryAfterSeconds ? ` (${t('error.waitSeconds')}: ${error.retryAfterSeconds})` : null}
      </p>
      {onRetry && error.retryable ? (
        <Button size="sm" variant="outline" onClick={onRetry}>
          {t('action.retry')}
        </Button>
      ) : null}
    </div>
  );
}
