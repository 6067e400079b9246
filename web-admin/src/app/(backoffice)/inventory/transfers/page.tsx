import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../../server/stores.ts';
import { getSelectedStoreId } from '../../../../store/server.ts';
import { TransfersView } from './transfers-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.inventoryOps.transfers.title };
}

/** Transfers between stores (`inventory:read`); sending and receiving need `inventory:write`. */
export default async function TransfersPage() {
  const session = await requireSession('/inventory/transfers');
  if (!can(session, 'inventory:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  return (
    <TransfersView
      stores={stores}
      storeId={selected}
      timeZone={timeZoneOf(stores, selected)}
      canWrite={can(session, 'inventory:write')}
    />
  );
}
