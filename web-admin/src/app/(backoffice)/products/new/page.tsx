import { Card, EmptyState } from '@jowi/ui';
import type { Metadata } from 'next';
import Link from 'next/link';
import { getI18n } from '../../../../i18n/server.ts';
import { can, requireSession } from '../../../../server/guard.ts';
import { ProductForm } from '../_form/product-form.tsx';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.catalog.form.titleNew };
}

/** A new product; only for staff who may write the catalog. */
export default async function NewProductPage() {
  const session = await requireSession('/products/new');
  const { dict } = await getI18n();
  const t = dict.catalog;
  if (!can(session, 'catalog:write')) {
    return (
      <Card>
        <EmptyState title={dict.products.noAccessTitle} description={t.form.noWriteAccess} />
      </Card>
    );
  }
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href="/products" className="text-sm text-muted-foreground underline-offset-2 hover:underline">
          ← {t.form.back}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">{t.form.titleNew}</h1>
      </div>
      <ProductForm canWrite showCost={can(session, 'catalog:cost')} />
    </div>
  );
}
