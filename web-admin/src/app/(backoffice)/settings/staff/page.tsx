import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { StaffView } from './staff-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.settings.staff.title };
}

/** Staff: list, add, PIN, disable (`staff:manage`). */
export default async function StaffPage() {
  const session = await requireSession('/settings/staff');
  if (!can(session, 'staff:manage')) return <NoAccess />;
  return <StaffView viewerId={session.claims.subject} />;
}
