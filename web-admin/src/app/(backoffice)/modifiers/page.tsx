import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { ModifiersView } from './modifiers-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.catalog.modifiers.title };
}

/** Modifier groups: readable with `catalog:read`, changed with `catalog:write`. */
export default async function ModifiersPage() {
  const session = await requireSession('/modifiers');
  if (!can(session, 'catalog:read')) return <NoAccess />;
  return <ModifiersView canWrite={can(session, 'catalog:write')} />;
}
