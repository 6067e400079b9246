import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../server/stores.ts';
import { getSelectedStoreId } from '../../../store/server.ts';
import { CustomersView } from './customers-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.customers.title };
}

/** The customers list (`customers:read`); phones are shown in full only with `reports:read`. */
export default async function CustomersPage() {
  const session = await requireSession('/customers');
  if (!can(session, 'customers:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  return <CustomersView timeZone={timeZoneOf(stores, selected)} />;
}
