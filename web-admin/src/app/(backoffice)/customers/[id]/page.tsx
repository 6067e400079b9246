import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../../server/stores.ts';
import { getSelectedStoreId } from '../../../../store/server.ts';
import { CustomerView } from './customer-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.customers.title };
}

/**
 * One customer (`customers:read`): editing needs `customers:write`, merging duplicates also
 * `reports:read` (as the customers subgraph asks), the purchases `sales:read`.
 */
export default async function CustomerPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requireSession(`/customers/${encodeURIComponent(id)}`);
  if (!can(session, 'customers:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  const canWrite = can(session, 'customers:write');
  return (
    <CustomerView
      id={id}
      timeZone={timeZoneOf(stores, selected)}
      canWrite={canWrite}
      canMerge={canWrite && can(session, 'reports:read')}
      withSales={can(session, 'sales:read')}
    />
  );
}
