'use client';

import { ErrorState } from '@jowi/ui';
import { useEffect } from 'react';
import { useI18n } from '../../../i18n/provider.tsx';

/** Unexpected failure while rendering an inventory page (data errors are handled in the views). */
export default function InventoryError({ error, retry }: { error: unknown; retry: () => void }) {
  const { dict } = useI18n();
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error && 'digest' in error ? String(error.digest) : undefined;
  return (
    <ErrorState
      title={dict.errorPage.title}
      description={digest ? `${dict.errorPage.description} (${digest})` : dict.errorPage.description}
      retryLabel={dict.common.tryAgain}
      onRetry={retry}
    />
  );
}
