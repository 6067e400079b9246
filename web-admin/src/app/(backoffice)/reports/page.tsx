import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../server/stores.ts';
import { getSelectedStoreId } from '../../../store/server.ts';
import { ReportsView } from './reports-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.reports.title };
}

/** Sales reports for a range and the header's store, with downloads (`reports:read`). */
export default async function ReportsPage() {
  const session = await requireSession('/reports');
  if (!can(session, 'reports:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  const storeId = stores.some((store) => store.id === selected) ? selected : null;
  return <ReportsView storeId={storeId} timeZone={timeZoneOf(stores, storeId)} />;
}
