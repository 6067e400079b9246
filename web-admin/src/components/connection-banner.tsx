'use client';

import { Banner } from '@jowi/ui';
import { useI18n } from '../i18n/provider.tsx';
import { useConnection } from '../lib/apollo-provider.tsx';

/** Across the top of every page while the API cannot be reached: the data shown is the last read. */
export function ConnectionBanner() {
  const { dict } = useI18n();
  const { online } = useConnection();
  if (online) return null;
  return (
    <Banner
      variant="warning"
      className="mb-4"
      data-testid="offline-banner"
      title={dict.nav.offlineTitle}
      description={dict.nav.offlineDescription}
    />
  );
}
