import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { TerminalsView } from './terminals-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.settings.terminals.title };
}

/** Terminals, pairing codes and paired devices (`terminals:manage`). */
export default async function TerminalsPage() {
  const session = await requireSession('/settings/terminals');
  if (!can(session, 'terminals:manage')) return <NoAccess />;
  return <TerminalsView />;
}
