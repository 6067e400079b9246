import { Card, EmptyState } from '@jowi/ui';
import type { Metadata } from 'next';
import { getI18n } from '../../../i18n/server.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { ProductsView } from './products-view.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.products.title };
}

/** The catalog: who may see it is decided here, the list itself is a client component. */
export default async function ProductsPage() {
  const session = await requireSession('/products');
  if (!can(session, 'catalog:read')) {
    const { dict } = await getI18n();
    return (
      <Card>
        <EmptyState title={dict.products.noAccessTitle} description={dict.products.noAccessDescription} />
      </Card>
    );
  }
  return <ProductsView />;
}
