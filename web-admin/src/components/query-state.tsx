'use client';

import { ErrorState, Spinner } from '@jowi/ui';
import { useI18n } from '../i18n/provider.tsx';

/** What a page shows before its first data: a spinner, or the failure with Try again. */
export function QueryState({ error, onRetry }: { error: unknown; onRetry: () => void }) {
  const { dict } = useI18n();
  return error ? (
    <ErrorState
      title={dict.common.errorTitle}
      description={dict.common.errorDescription}
      retryLabel={dict.common.tryAgain}
      onRetry={onRetry}
    />
  ) : (
    <div className="grid min-h-64 place-items-center">
      <Spinner size="lg" label={dict.common.loading} />
    </div>
  );
}
