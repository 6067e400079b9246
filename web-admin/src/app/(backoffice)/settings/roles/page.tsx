import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { RolesView } from './roles-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.settings.roles.title };
}

/** Roles and their permissions (`staff:manage`); only permissions the viewer holds can be granted. */
export default async function RolesPage() {
  const session = await requireSession('/settings/roles');
  if (!can(session, 'staff:manage')) return <NoAccess />;
  return <RolesView held={session.claims.permissions} />;
}
