import { Card, EmptyState } from '@jowi/ui';
import type { Metadata } from 'next';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { ProductEditor } from './product-editor.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.products.title };
}

/** One product: readable with `catalog:read`, editable (and archivable) with `catalog:write`. */
export default async function ProductPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const session = await requireSession(`/products/${id}`);
  if (!can(session, 'catalog:read')) {
    const { dict } = await getI18n();
    return (
      <Card>
        <EmptyState title={dict.products.noAccessTitle} description={dict.products.noAccessDescription} />
      </Card>
    );
  }
  return (
    <ProductEditor id={id} canWrite={can(session, 'catalog:write')} showCost={can(session, 'catalog:cost')} />
  );
}
