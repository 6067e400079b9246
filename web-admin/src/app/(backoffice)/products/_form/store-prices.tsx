'use client';

/** A product's price per store: set or remove an override; the base price applies without one. */
import { Banner, Button, Card, MoneyInput, useToast } from '@jowi/ui';
import { useState } from 'react';
import type { ProductEditorFieldsFragment } from '../../../../__generated__/graphql.ts';
import { useProductFormOptionsQuery, useSetStorePriceMutation } from '../../../../__generated__/hooks.ts';
import { catalogMessage } from '../../../../i18n/dictionaries/catalog.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { formatMoney } from '../../../../lib/format.ts';

interface Props {
  product: ProductEditorFieldsFragment;
  canWrite: boolean;
  onSaved: () => void;
}

export function StorePrices({ product, canWrite, onSaved }: Props) {
  const t = useI18n().dict.catalog;
  const { dict } = useI18n();
  const { toast } = useToast();
  const options = useProductFormOptionsQuery({ ssr: false });
  const [setStorePrice] = useSetStorePriceMutation();
  const [drafts, setDrafts] = useState<Record<string, string | null>>({});
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const stores = options.data?.stores.edges.map((e) => e.node) ?? [];
  const overrideOf = (storeId: string) =>
    product.storePrices.find((p) => p.storeId === storeId)?.price ?? null;

  async function save(storeId: string, price: string | null): Promise<void> {
    setBusy(storeId);
    setProblem(null);
    try {
      const result = (
        await setStorePrice({ variables: { input: { productId: product.id, storeId, price } } })
      ).data?.setStorePrice;
      const error = result?.errors[0];
      if (error) setProblem(catalogMessage(t, error.code, error.message));
      else {
        toast({ title: t.storePrices.savedToast, variant: 'success' });
        setDrafts(({ [storeId]: _done, ...rest }) => rest);
        onSaved();
      }
    } catch {
      setProblem(t.form.saveFailed);
    } finally {
      setBusy(null);
    }
  }

  return (
    <Card className="p-6">
      <h2 className="text-lg font-semibold">{t.storePrices.title}</h2>
      <p className="mb-4 text-sm text-muted-foreground">{t.storePrices.description}</p>
      {problem ? <Banner variant="destructive" title={problem} className="mb-4" /> : null}
      {stores.length === 0 ? (
        <p className="text-sm text-muted-foreground">
          {options.loading ? dict.common.loading : t.storePrices.noStores}
        </p>
      ) : (
        <ul className="flex flex-col divide-y">
          {stores.map((store) => {
            const current = overrideOf(store.id);
            const draft = store.id in drafts ? drafts[store.id]! : current;
            const inputId = `store-price-${store.id}`;
            return (
              <li key={store.id} className="flex flex-wrap items-center gap-3 py-3" data-testid="store-price">
                <label htmlFor={inputId} className="min-w-40 flex-1 text-sm font-medium">
                  {store.name}
                  <span className="block text-xs font-normal text-muted-foreground">
                    {current
                      ? `${t.storePrices.price}: ${formatMoney(current, dict)} ${dict.common.currency}`
                      : `${t.storePrices.base}: ${formatMoney(product.price, dict)} ${dict.common.currency}`}
                  </span>
                </label>
                <MoneyInput
                  id={inputId}
                  className="w-44"
                  value={draft}
                  disabled={!canWrite}
                  onValueChange={(value) => setDrafts((d) => ({ ...d, [store.id]: value }))}
                />
                {canWrite ? (
                  <>
                    <Button
                      type="button"
                      size="sm"
                      loading={busy === store.id}
                      disabled={!draft || draft === current}
                      onClick={() => void save(store.id, draft)}
                    >
                      {t.storePrices.set}
                    </Button>
                    <Button
                      type="button"
                      size="sm"
                      variant="ghost"
                      disabled={!current || busy === store.id}
                      onClick={() => void save(store.id, null)}
                    >
                      {t.storePrices.remove}
                    </Button>
                  </>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </Card>
  );
}
