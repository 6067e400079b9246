import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../server/stores.ts';
import { getSelectedStoreId } from '../../../store/server.ts';
import { ShiftsView } from './shifts-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.shifts.title };
}

/** Shifts per store and till (`reports:read`). */
export default async function ShiftsPage() {
  const session = await requireSession('/shifts');
  if (!can(session, 'reports:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  const storeId = stores.some((store) => store.id === selected) ? selected : null;
  return <ShiftsView storeId={storeId} timeZone={timeZoneOf(stores, storeId)} />;
}
