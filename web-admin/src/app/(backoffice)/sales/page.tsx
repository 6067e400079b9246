import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../server/stores.ts';
import { getSelectedStoreId } from '../../../store/server.ts';
import { SalesView } from './sales-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.sales.title };
}

/** The receipts list (`sales:read`). */
export default async function SalesPage() {
  const session = await requireSession('/sales');
  if (!can(session, 'sales:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  const storeId = stores.some((store) => store.id === selected) ? selected : null;
  return (
    <SalesView
      storeId={storeId}
      timeZone={timeZoneOf(stores, storeId)}
      withFiscal={can(session, 'fiscal:read')}
    />
  );
}
