'use client';

/**
 * The two inline actions of the stock table: set or remove a product's low-stock threshold in the
 * store (`setStockThreshold`), and correct its stock by a signed quantity with a note
 * (`correctStock`, idempotent by an id chosen when the dialog opens, so a retry never corrects twice).
 */
import { useMutation } from '@apollo/client/react';
import { formatQuantity, parseQuantity } from '@jowi/receipt';
import {
  Banner,
  Button,
  Dialog,
  DialogContent,
  DialogFooter,
  FormField,
  Input,
  QuantityInput,
  useToast,
} from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import {
  CorrectStockDocument,
  type InventoryStockQuery,
  SetStockThresholdDocument,
} from '../../../__generated__/graphql.ts';
import { fill } from '../../../i18n/dictionaries.ts';
import { useI18n } from '../../../i18n/provider.tsx';
import { unitName } from '../../../i18n/units.ts';
import { formatQuantity as displayQuantity } from '../../../lib/format.ts';
import { inventoryErrorText } from './_shared/errors.ts';
import type { LevelInStore } from './stock-level.ts';

export interface StockRow {
  product: InventoryStockQuery['products']['edges'][number]['node'];
  level: LevelInStore;
}

/** Queries that show stock, refetched after every change. */
export const STOCK_QUERIES = ['InventoryStock', 'InventoryLowStock', 'InventoryMovements'];

export function ThresholdDialog({
  storeId,
  row,
  onClose,
}: {
  storeId: string;
  row: StockRow;
  onClose: () => void;
}) {
  const { dict } = useI18n();
  const t = dict.inventory.stock;
  const { toast } = useToast();
  const [value, setValue] = useState<string | null>(row.level.threshold ?? null);
  const [problem, setProblem] = useState<string | null>(null);
  const [save, { loading }] = useMutation(SetStockThresholdDocument, { refetchQueries: STOCK_QUERIES });

  const submit = async (threshold: string | null) => {
    setProblem(null);
    try {
      const { data } = await save({
        variables: { input: { storeId, productId: row.product.id, threshold } },
      });
      const error = data?.setStockThreshold.errors[0];
      if (error) {
        setProblem(inventoryErrorText(error.code, dict));
        return;
      }
      toast({ title: threshold ? t.thresholdSaved : t.thresholdRemoved, variant: 'success' });
      onClose();
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent
        title={fill(t.thresholdTitle, { product: row.product.name })}
        description={t.thresholdDescription}
      >
        <form
          className="grid gap-4"
          onSubmit={(event: FormEvent) => {
            event.preventDefault();
            if (value) void submit(value);
          }}
        >
          <FormField label={t.columns.threshold}>
            <QuantityInput
              value={value}
              onValueChange={(next) => setValue(next)}
              suffix={unitName(dict, row.product.unit)}
              autoFocus
              data-testid="threshold-input"
            />
          </FormField>
          {problem ? <Banner variant="destructive" title={problem} /> : null}
          <DialogFooter>
            {row.level.threshold ? (
              <Button
                variant="outline"
                disabled={loading}
                onClick={() => void submit(null)}
                data-testid="threshold-remove"
              >
                {t.removeThreshold}
              </Button>
            ) : null}
            <Button variant="outline" onClick={onClose} disabled={loading}>
              {t.cancel}
            </Button>
            <Button type="submit" loading={loading} disabled={!value} data-testid="threshold-save">
              {t.save}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function CorrectDialog({
  storeId,
  row,
  onClose,
}: {
  storeId: string;
  row: StockRow;
  onClose: () => void;
}) {
  const { dict } = useI18n();
  const t = dict.inventory.stock;
  const { toast } = useToast();
  const [id] = useState(() => crypto.randomUUID());
  const [quantity, setQuantity] = useState<string | null>(null);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [correct, { loading }] = useMutation(CorrectStockDocument, { refetchQueries: STOCK_QUERIES });
  const change = quantity ? parseQuantity(quantity) : 0n;
  const result = formatQuantity(parseQuantity(row.level.quantity) + change);
  const ready = change !== 0n && note.trim() !== '';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!ready || !quantity || loading) return;
    setProblem(null);
    try {
      const { data } = await correct({
        variables: { input: { id, storeId, productId: row.product.id, quantity, note: note.trim() } },
      });
      const error = data?.correctStock.errors[0];
      if (error) {
        setProblem(inventoryErrorText(error.code, dict));
        return;
      }
      toast({ title: t.corrected, variant: 'success' });
      onClose();
    } catch {
      setProblem(dict.common.errorDescription);
    }
  };

  return (
    <Dialog open onOpenChange={(open) => (open || loading ? undefined : onClose())}>
      <DialogContent
        title={fill(t.correctTitle, { product: row.product.name })}
        description={t.correctDescription}
      >
        <form className="grid gap-4" onSubmit={submit}>
          <FormField
            label={t.correctQuantity}
            description={fill(t.correctHint, {
              quantity: displayQuantity(row.level.quantity, dict),
              result: displayQuantity(result, dict),
            })}
          >
            <QuantityInput
              value={quantity}
              onValueChange={(next) => setQuantity(next)}
              allowNegative
              suffix={unitName(dict, row.product.unit)}
              autoFocus
              data-testid="correct-quantity"
            />
          </FormField>
          <FormField label={t.note} required>
            <Input
              value={note}
              maxLength={1000}
              onChange={(event) => setNote(event.target.value)}
              data-testid="correct-note"
            />
          </FormField>
          {problem ? <Banner variant="destructive" title={problem} /> : null}
          <DialogFooter>
            <Button variant="outline" onClick={onClose} disabled={loading}>
              {t.cancel}
            </Button>
            <Button type="submit" loading={loading} disabled={!ready} data-testid="correct-save">
              {t.save}
            </Button>
          </DialogFooter>
        </form>
      </DialogContent>
    </Dialog>
  );
}
