'use client';

/**
 * Starting a count sheet: the store, and either every product stocked there or only the chosen
 * ones. The sheet id is made once per form (`startStockTake` returns the same sheet for the same
 * id), so a retried start never opens two sheets.
 */
import { useMutation } from '@apollo/client/react';
import {
  Banner,
  Button,
  Dialog,
  DialogContent,
  DialogFooter,
  FormField,
  Input,
  Select,
  useToast,
} from '@jowi/ui';
import { useState } from 'react';
import { StartStockTakeDocument } from '../../../../__generated__/graphql.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import type { StoreSummary } from '../../../../server/stores.ts';
import { userErrorText } from '../_ops/lines.tsx';
import { type PickedProduct, ProductPicker } from '../_shared/product-picker.tsx';

type Scope = 'all' | 'chosen';

export function StartStockTakeDialog({
  stores,
  defaultStore,
  onClose,
  onStarted,
}: {
  stores: StoreSummary[];
  defaultStore: string | null;
  onClose: () => void;
  onStarted: (id: string) => void;
}) {
  const { dict } = useI18n();
  const t = dict.inventoryOps;
  const f = t.stockTakes.form;
  const { toast } = useToast();
  const [id] = useState(() => crypto.randomUUID());
  const [store, setStore] = useState<string | undefined>(defaultStore ?? stores[0]?.id);
  const [scope, setScope] = useState<Scope>('all');
  const [chosen, setChosen] = useState<PickedProduct[]>([]);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [start, { loading }] = useMutation(StartStockTakeDocument);

  const submit = async () => {
    if (!store) return;
    if (scope === 'chosen' && chosen.length === 0) return setProblem(f.needProducts);
    setProblem(null);
    try {
      const { data } = await start({
        variables: {
          input: {
            id,
            storeId: store,
            productIds: scope === 'chosen' ? chosen.map((product) => product.id) : null,
            note: note.trim() || null,
          },
        },
      });
      const error = data?.startStockTake.errors[0];
      if (error) return setProblem(userErrorText(dict, error.code));
      toast({ title: f.started, variant: 'success' });
      onStarted(id);
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent title={f.title} description={f.description} className="max-w-xl">
        <form
          className="grid gap-4"
          onSubmit={(event) => {
            event.preventDefault();
            void submit();
          }}
          data-testid="start-stock-take-form"
        >
          <FormField label={f.store}>
            <Select
              value={store}
              onValueChange={setStore}
              options={stores.map((s) => ({ value: s.id, label: s.name }))}
              data-testid="stock-take-store"
            />
          </FormField>
          <FormField label={f.scope}>
            <Select<Scope>
              value={scope}
              onValueChange={setScope}
              options={[
                { value: 'all', label: f.allProducts },
                { value: 'chosen', label: f.chosenProducts },
              ]}
              data-testid="stock-take-scope"
            />
          </FormField>
          {scope === 'chosen' ? (
            <div className="grid gap-2">
              <ProductPicker
                label={t.picker.label}
                testId="stock-take-product"
                onPick={(product) =>
                  setChosen((all) => (all.some((p) => p.id === product.id) ? all : [...all, product]))
                }
              />
              <ul className="flex flex-wrap gap-2" data-testid="stock-take-chosen">
                {chosen.map((product) => (
                  <li
                    key={product.id}
                    className="flex items-center gap-1 rounded-md border border-border px-2 py-1 text-sm"
                  >
                    {product.name}
                    <Button
                      type="button"
                      variant="ghost"
                      size="sm"
                      aria-label={`${t.picker.remove}: ${product.name}`}
                      onClick={() => setChosen((all) => all.filter((p) => p.id !== product.id))}
                    >
                      ×
                    </Button>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
          <FormField label={f.note}>
            <Input value={note} maxLength={1000} onChange={(event) => setNote(event.target.value)} />
          </FormField>
          {problem ? <Banner variant="destructive" title={problem} data-testid="stock-take-error" /> : null}
          <DialogFooter>
            <Button type="button" variant="outline" onClick={onClose}>
              {t.cancel}
            </Button>
            <Button type="submit" loading={loading} data-testid="start-stock-take-submit">
              {f.submit}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
