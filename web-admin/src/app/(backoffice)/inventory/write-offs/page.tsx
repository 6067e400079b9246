import type { Metadata } from 'next';
import { NoAccess } from '../../../../components/no-access.tsx';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { loadStores } from '../../../../server/stores.ts';
import { getSelectedStoreId } from '../../../../store/server.ts';
import { WriteOffsView } from './write-offs-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.inventory.writeOffs.title };
}

/** Past write-offs (`inventory:read`); writing stock off needs `inventory:write`. */
export default async function WriteOffsPage() {
  const session = await requireSession('/inventory/write-offs');
  if (!can(session, 'inventory:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  return (
    <WriteOffsView stores={stores} defaultStoreId={selected} canWrite={can(session, 'inventory:write')} />
  );
}
