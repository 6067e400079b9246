import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../server/stores.ts';
import { getSelectedStoreId } from '../../../store/server.ts';
import { DashboardView } from './dashboard-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.dashboard.title };
}

/** The day's business: figures need `reports:read`; the fiscal list also `fiscal:read`. */
export default async function DashboardPage() {
  const session = await requireSession('/dashboard');
  if (!can(session, 'reports:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  const storeId = stores.some((store) => store.id === selected) ? selected : null;
  return (
    <DashboardView
      storeId={storeId}
      timeZone={timeZoneOf(stores, storeId)}
      withFiscal={can(session, 'fiscal:read')}
    />
  );
}
