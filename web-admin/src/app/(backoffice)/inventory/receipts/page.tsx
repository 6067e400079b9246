import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { loadStores } from '../../../../server/stores.ts';
import { getSelectedStoreId } from '../../../../store/server.ts';
import { ReceiptsView } from './receipts-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.inventory.receipts.title };
}

/** Goods receipts (`inventory:read`); receiving goods and adding suppliers need `inventory:write`. */
export default async function ReceiptsPage() {
  const session = await requireSession('/inventory/receipts');
  if (!can(session, 'inventory:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  return (
    <ReceiptsView stores={stores} defaultStoreId={selected} canWrite={can(session, 'inventory:write')} />
  );
}
