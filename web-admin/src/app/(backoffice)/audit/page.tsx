import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { AuditView } from './audit-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.settings.audit.title };
}

/** The audit log and its chain check (`audit:read`, owners). */
export default async function AuditPage() {
  const session = await requireSession('/audit');
  if (!can(session, 'audit:read')) return <NoAccess />;
  return <AuditView />;
}
