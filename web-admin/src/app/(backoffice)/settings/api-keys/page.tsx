import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { ApiKeysView } from './api-keys-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.settings.apiKeys.title };
}

/** Integrator API keys (`apikeys:manage`). */
export default async function ApiKeysPage() {
  const session = await requireSession('/settings/api-keys');
  if (!can(session, 'apikeys:manage')) return <NoAccess />;
  return <ApiKeysView held={session.claims.permissions} />;
}
