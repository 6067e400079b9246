import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../../server/stores.ts';
import { getSelectedStoreId } from '../../../store/server.ts';
import { RecipesView } from './recipes-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.recipes.title };
}

/**
 * Recipes: finding a dish needs `catalog:read` (its versions are readable with `catalog:read` or
 * `inventory:read`); setting a new version needs `inventory:write`.
 */
export default async function RecipesPage() {
  const session = await requireSession('/recipes');
  if (!can(session, 'catalog:read')) return <NoAccess />;
  const [stores, selected] = await Promise.all([loadStores(session), getSelectedStoreId()]);
  return <RecipesView timeZone={timeZoneOf(stores, selected)} canWrite={can(session, 'inventory:write')} />;
}
