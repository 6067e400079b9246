'use client';

/**
 * A product's page: its form, archive/restore, store prices and price history, all from one
 * `ProductEditor` query; the history is read again after every save so a price change shows up
 * at once.
 */
import { Badge, Button, Card, ConfirmDialog, EmptyState, ErrorState, Spinner, useToast } from '@jowi/ui';
import Link from 'next/link';
import { useState } from 'react';
import {
  useArchiveProductMutation,
  useProductEditorQuery,
  useRestoreProductMutation,
} from '../../../../__generated__/hooks.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { PriceHistory } from '../_form/price-history.tsx';
import { ProductForm } from '../_form/product-form.tsx';
import { StorePrices } from '../_form/store-prices.tsx';

export function ProductEditor({
  id,
  canWrite,
  showCost,
}: {
  id: string;
  canWrite: boolean;
  showCost: boolean;
}) {
  const t = useI18n().dict.catalog;
  const { dict } = useI18n();
  const { toast } = useToast();
  const { data, dataState, error, refetch } = useProductEditorQuery({ variables: { id }, ssr: false });
  const [archive] = useArchiveProductMutation();
  const [restore, restoring] = useRestoreProductMutation();
  const [confirming, setConfirming] = useState(false);
  const reload = () => void refetch().catch(() => undefined);

  if (error && dataState !== 'complete') {
    return (
      <ErrorState
        title={t.form.loadErrorTitle}
        description={t.form.loadErrorDescription}
        retryLabel={dict.common.tryAgain}
        onRetry={reload}
      />
    );
  }
  if (dataState !== 'complete') {
    return (
      <Card className="flex justify-center py-16">
        <Spinner size="lg" label={dict.common.loading} />
      </Card>
    );
  }
  const product = data?.product;
  if (!product) {
    return (
      <Card>
        <EmptyState title={t.form.notFoundTitle} description={t.form.notFoundDescription} />
      </Card>
    );
  }

  async function setActive(active: boolean): Promise<void> {
    const result = active
      ? (await restore({ variables: { id } })).data?.restoreProduct
      : (await archive({ variables: { id } })).data?.archiveProduct;
    if (result && result.errors.length === 0) {
      toast({ title: active ? t.form.restoredToast : t.form.archivedToast, variant: 'success' });
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href="/products" className="text-sm text-muted-foreground underline-offset-2 hover:underline">
          ← {t.form.back}
        </Link>
        <h1 className="flex items-center gap-3 text-2xl font-semibold tracking-tight">
          {product.name}
          {product.active ? null : <Badge variant="secondary">{t.form.archived}</Badge>}
        </h1>
        <p className="font-mono text-xs text-muted-foreground">{product.sku}</p>
      </div>
      <ProductForm
        product={product}
        canWrite={canWrite}
        showCost={showCost}
        onSaved={reload}
        actions={
          product.active ? (
            <Button type="button" variant="outline" onClick={() => setConfirming(true)}>
              {t.form.archive}
            </Button>
          ) : (
            <Button
              type="button"
              variant="outline"
              loading={restoring.loading}
              onClick={() => void setActive(true)}
            >
              {t.form.restore}
            </Button>
          )
        }
      />
      <StorePrices product={product} canWrite={canWrite} onSaved={reload} />
      <PriceHistory history={data.priceHistory} />
      <ConfirmDialog
        open={confirming}
        onOpenChange={setConfirming}
        title={t.form.archiveTitle}
        description={t.form.archiveDescription}
        confirmLabel={t.form.archive}
        cancelLabel={t.form.cancel}
        onConfirm={() => setActive(false)}
      />
    </div>
  );
}
