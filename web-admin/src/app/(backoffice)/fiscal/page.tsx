import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../server/stores.ts';
import { getSelectedStoreId } from '../../../store/server.ts';
import { FiscalView } from './fiscal-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.fiscal.title };
}

/** Fiscal devices and problem receipts (`fiscal:read`); retrying needs `fiscal:write`. */
export default async function FiscalPage() {
  const session = await requireSession('/fiscal');
  if (!can(session, 'fiscal:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  return <FiscalView timeZone={timeZoneOf(stores, selected)} canRetry={can(session, 'fiscal:write')} />;
}
