'use client';

/**
 * Writing stock off in one store with one of the API's reasons (a note is required for OTHER),
 * several products at once, and the store's past write-offs (the ledger filtered to WRITE_OFF).
 * The write-off's id is generated once per form, so a retry never writes off twice.
 */
import { useMutation } from '@apollo/client/react';
import { parseQuantity } from '@jowi/receipt';
import {
  Banner,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  FormField,
  Input,
  Quantity,
  QuantityInput,
  Select,
  useToast,
} from '@jowi/ui';
import { type FormEvent, useRef, useState } from 'react';
import { type WriteOffReason, WriteOffStockDocument } from '../../../../__generated__/graphql.ts';
import { PageHeader } from '../../../../components/page-header.tsx';
import { fill, type WriteOffReasonCode } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { unitName } from '../../../../i18n/units.ts';
import { inventoryErrorText } from '../_shared/errors.ts';
import { MovementsTable } from '../_shared/movements-table.tsx';
import { type PickedProduct, ProductPicker } from '../_shared/product-picker.tsx';
import { StorePicker } from '../_shared/store-picker.tsx';
import { useStoreParam } from '../_shared/use-store-param.ts';
import type { StoreWithZone } from '../stock-view.tsx';

const REASONS: readonly WriteOffReasonCode[] = [
  'EXPIRED',
  'SPOILED',
  'DAMAGED',
  'THEFT',
  'STAFF_MEAL',
  'PROMOTION',
  'OTHER',
];

export function WriteOffsView({
  stores,
  defaultStoreId,
  canWrite,
}: {
  stores: readonly StoreWithZone[];
  defaultStoreId: string | null;
  canWrite: boolean;
}) {
  const { dict } = useI18n();
  const t = dict.inventory.writeOffs;
  const [storeId, setStoreId] = useStoreParam(stores, defaultStoreId);
  const timeZone = stores.find((store) => store.id === storeId)?.timeZone ?? 'Asia/Tashkent';
  return (
    <>
      <PageHeader
        title={t.title}
        description={t.subtitle}
        actions={<StorePicker id="write-offs-store" stores={stores} value={storeId} onChange={setStoreId} />}
      />
      <div className="grid gap-6">
        {canWrite ? (
          storeId ? (
            <WriteOffForm key={storeId} storeId={storeId} />
          ) : null
        ) : (
          <Banner variant="info" title={dict.inventory.readOnly} />
        )}
        <MovementsTable
          storeId={storeId}
          timeZone={timeZone}
          fixedKind="WRITE_OFF"
          title={t.listTitle}
          emptyText={t.emptyDescription}
          testId="write-off-list"
        />
      </div>
    </>
  );
}

interface Line {
  product: PickedProduct;
  quantity: string | null;
}

function WriteOffForm({ storeId }: { storeId: string }) {
  const { dict } = useI18n();
  const t = dict.inventory.writeOffs;
  const { toast } = useToast();
  const [id, setId] = useState(() => crypto.randomUUID());
  const [reason, setReason] = useState<WriteOffReasonCode | undefined>(undefined);
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<Line[]>([]);
  const [problem, setProblem] = useState<string | null>(null);
  const inFlight = useRef(false);
  const [writeOff, { loading }] = useMutation(WriteOffStockDocument, {
    refetchQueries: ['InventoryMovements', 'InventoryStock', 'InventoryLowStock'],
  });

  const check = (): string | null => {
    if (!reason) return t.needReason;
    if (reason === 'OTHER' && !note.trim()) return t.noteRequired;
    if (lines.length === 0) return dict.inventory.receipts.needLines;
    if (lines.some((line) => !line.quantity || parseQuantity(line.quantity) <= 0n))
      return dict.inventory.errors.INVALID_QUANTITY;
    return null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return;
    const invalid = check();
    setProblem(invalid);
    if (invalid || !reason) return;
    inFlight.current = true;
    try {
      const { data } = await writeOff({
        variables: {
          input: {
            id,
            storeId,
            reason: reason as WriteOffReason,
            note: note.trim() || null,
            lines: lines.map((line) => ({ productId: line.product.id, quantity: line.quantity as string })),
          },
        },
      });
      const error = data?.writeOffStock.errors[0];
      if (error) {
        setProblem(inventoryErrorText(error.code, dict));
        return;
      }
      toast({ title: t.done, variant: 'success' });
      setId(crypto.randomUUID());
      setLines([]);
      setNote('');
      setReason(undefined);
    } catch {
      setProblem(dict.common.errorDescription); // retried with the same id: never written off twice
    } finally {
      inFlight.current = false;
    }
  };

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t.formTitle}</CardTitle>
      </CardHeader>
      <CardContent>
        <form className="grid gap-4" onSubmit={submit} aria-label={t.formTitle} data-testid="write-off-form">
          <div className="flex flex-wrap items-end gap-4">
            <FormField label={t.reason} required className="w-60">
              <Select
                value={reason}
                onValueChange={setReason}
                placeholder={t.pickReason}
                options={REASONS.map((value) => ({ value, label: dict.inventory.reasons[value] }))}
                data-testid="write-off-reason"
              />
            </FormField>
            <FormField
              label={dict.inventory.stock.note}
              required={reason === 'OTHER'}
              className="min-w-72 flex-1"
            >
              <Input
                value={note}
                maxLength={1000}
                onChange={(event) => setNote(event.target.value)}
                data-testid="write-off-note"
              />
            </FormField>
          </div>
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">{dict.inventory.receipts.lines}</legend>
            {lines.map((line, index) => {
              const onHand =
                line.product.stockLevels.find((level) => level.store.id === storeId)?.quantity ?? '0.000';
              return (
                <div
                  key={line.product.id}
                  className="grid grid-cols-[minmax(10rem,1fr)_10rem_auto] items-end gap-3"
                  data-testid="write-off-line"
                >
                  <span className="grid pb-1">
                    <span className="font-medium">{line.product.name}</span>
                    <span className="text-xs text-muted-foreground">
                      {fill(t.onHand, { quantity: '' })}
                      <Quantity value={onHand} unit={unitName(dict, line.product.unit)} />
                    </span>
                  </span>
                  <FormField label={t.quantity}>
                    <QuantityInput
                      value={line.quantity}
                      onValueChange={(quantity) =>
                        setLines((current) => current.map((l, i) => (i === index ? { ...l, quantity } : l)))
                      }
                      suffix={unitName(dict, line.product.unit)}
                      data-testid="write-off-quantity"
                    />
                  </FormField>
                  <Button
                    variant="ghost"
                    size="sm"
                    onClick={() => setLines((current) => current.filter((_, i) => i !== index))}
                    aria-label={`${dict.inventory.receipts.remove}: ${line.product.name}`}
                  >
                    {dict.inventory.receipts.remove}
                  </Button>
                </div>
              );
            })}
            <ProductPicker
              className="w-80"
              label={dict.inventory.receipts.addProduct}
              testId="write-off-product"
              onPick={(product) =>
                setLines((current) =>
                  current.some((line) => line.product.id === product.id)
                    ? current
                    : [...current, { product, quantity: null }],
                )
              }
            />
          </fieldset>
          {problem ? <Banner variant="destructive" title={problem} data-testid="write-off-error" /> : null}
          <div className="flex justify-end">
            <Button type="submit" variant="destructive" loading={loading} data-testid="write-off-submit">
              {loading ? t.submitting : t.submit}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}
