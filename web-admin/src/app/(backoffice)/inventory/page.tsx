import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { loadStores } from '../../../server/stores.ts';
import { getSelectedStoreId } from '../../../store/server.ts';
import { StockView } from './stock-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.inventory.stock.title };
}

/** Stock levels and the movement ledger (`inventory:read`); thresholds and corrections need `inventory:write`. */
export default async function InventoryPage() {
  const session = await requireSession('/inventory');
  if (!can(session, 'inventory:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  return <StockView stores={stores} defaultStoreId={selected} canWrite={can(session, 'inventory:write')} />;
}
