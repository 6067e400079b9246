import type { Metadata } from 'next';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { CategoriesView } from './categories-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.catalog.categories.title };
}

/** The category tree: readable with `catalog:read`, changed with `catalog:write`. */
export default async function CategoriesPage() {
  const session = await requireSession('/categories');
  if (!can(session, 'catalog:read')) return <NoAccess />;
  return <CategoriesView canWrite={can(session, 'catalog:write')} />;
}
