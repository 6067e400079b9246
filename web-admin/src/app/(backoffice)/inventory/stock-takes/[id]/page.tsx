import type { Metadata } from 'next';
import { NoAccess } from '../../../../../components/no-access.tsx';
import { getI18n } from '../../../../../i18n/server.ts';
import { can, requireSession } from '../../../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../../../server/stores.ts';
import { getSelectedStoreId } from '../../../../../store/server.ts';
import { CountSheet } from './count-sheet.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.inventoryOps.stockTakes.title };
}

/** One count sheet (`inventory:read`); counting and posting need `inventory:write`. */
export default async function StockTakePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requireSession(`/inventory/stock-takes/${encodeURIComponent(id)}`);
  if (!can(session, 'inventory:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  return (
    <CountSheet id={id} timeZone={timeZoneOf(stores, selected)} canWrite={can(session, 'inventory:write')} />
  );
}
