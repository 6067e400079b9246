import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../server/stores.ts';
import { getSelectedStoreId } from '../../../store/server.ts';
import { LoyaltyView } from './loyalty-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.customers.loyalty.title };
}

/** The loyalty program (`customers:read`); changing it needs `customers:write` and `reports:read`. */
export default async function LoyaltyPage() {
  const session = await requireSession('/loyalty');
  if (!can(session, 'customers:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  return (
    <LoyaltyView
      timeZone={timeZoneOf(stores, selected)}
      canEdit={can(session, 'customers:write') && can(session, 'reports:read')}
    />
  );
}
