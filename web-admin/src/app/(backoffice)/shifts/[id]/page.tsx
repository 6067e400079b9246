import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { ShiftView } from './shift-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.shifts.title };
}

/** One shift's X or Z report, cash movements and counted cash (`reports:read`). */
export default async function ShiftPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requireSession(`/shifts/${encodeURIComponent(id)}`);
  if (!can(session, 'reports:read')) return <NoAccess />;
  return <ShiftView id={id} />;
}
