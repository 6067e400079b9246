import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { StoresView } from './stores-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.settings.stores.title };
}

/** Stores: create, edit, deactivate (`terminals:manage`). */
export default async function StoresPage() {
  const session = await requireSession('/settings/stores');
  if (!can(session, 'terminals:manage')) return <NoAccess />;
  return <StoresView />;
}
