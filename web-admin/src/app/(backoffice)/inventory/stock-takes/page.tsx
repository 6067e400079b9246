import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../../server/stores.ts';
import { getSelectedStoreId } from '../../../../store/server.ts';
import { StockTakesView } from './stock-takes-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.inventoryOps.stockTakes.title };
}

/** Stock-takes (`inventory:read`); starting a count sheet needs `inventory:write`. */
export default async function StockTakesPage() {
  const session = await requireSession('/inventory/stock-takes');
  if (!can(session, 'inventory:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  return (
    <StockTakesView
      stores={stores}
      storeId={selected}
      timeZone={timeZoneOf(stores, selected)}
      canWrite={can(session, 'inventory:write')}
    />
  );
}
