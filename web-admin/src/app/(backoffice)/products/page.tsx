import { Card, EmptyState } from '@jowi/ui';
import type { Metadata } from 'next';
import { ProductsDocument } from '../../../__generated__/graphql.ts';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { preloadQuery } from '../../../server/preload.ts';
import { firstPageVariables, listStateOf } from './list-query.ts';
import { ProductsView } from './products-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.products.title };
}

/**
 * The catalog: who may see it is decided here, the list itself is a client component. Its first
 * page for the URL's search, filters and sort is read here, so the rows arrive with the page.
 */
export default async function ProductsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession('/products');
  if (!can(session, 'catalog:read')) {
    const { dict } = await getI18n();
    return (
      <Card>
        <EmptyState title={dict.products.noAccessTitle} description={dict.products.noAccessDescription} />
      </Card>
    );
  }
  const params = await searchParams;
  const state = listStateOf({ get: (name) => (typeof params[name] === 'string' ? params[name] : null) });
  const seed = await preloadQuery(session, ProductsDocument, firstPageVariables(state));
  return <ProductsView seed={seed} />;
}
