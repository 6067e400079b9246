import { Card, EmptyState } from '@jowi/ui';
import type { Metadata } from 'next';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { ProductImport } from './product-import.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.catalog.import.title };
}

/** Product import: only for staff who may write the catalog. */
export default async function ProductImportPage() {
  const session = await requireSession('/products/import');
  if (!can(session, 'catalog:write')) {
    const { dict } = await getI18n();
    return (
      <Card>
        <EmptyState title={dict.products.noAccessTitle} description={dict.catalog.form.noWriteAccess} />
      </Card>
    );
  }
  return <ProductImport />;
}
