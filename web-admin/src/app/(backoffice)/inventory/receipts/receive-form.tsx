'use client';

/**
 * Receiving goods into a store from a supplier. The receipt's id is generated once per form and
 * kept through failures and retries: `receiveGoods` is idempotent by it, so a double click, a
 * timeout retried, or a second tab sending the same form records one receipt (the server answers
 * `duplicate`). Only after a receipt is posted does "Receive more" start a form with a new id.
 * Amounts are decimal strings and bigint minor units end to end, never floats.
 */
import { useMutation } from '@apollo/client/react';
import { formatMoney, parseQuantity } from '@jowi/receipt';
import {
  Banner,
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  FormField,
  Input,
  Money,
  MoneyInput,
  Quantity,
  QuantityInput,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
  useToast,
} from '@jowi/ui';
import { type FormEvent, useRef, useState } from 'react';
import { ReceiveGoodsDocument, type ReceiveGoodsMutation } from '../../../../__generated__/graphql.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { unitName } from '../../../../i18n/units.ts';
import { inventoryErrorText } from '../_shared/errors.ts';
import { type PickedProduct, ProductPicker } from '../_shared/product-picker.tsx';
import { receiptTotal } from './receipt-total.ts';
import { SupplierField } from './supplier-field.tsx';

interface Line {
  product: PickedProduct;
  quantity: string | null;
  unitCost: string | null;
}

type Posted = NonNullable<ReceiveGoodsMutation['receiveGoods']['receipt']>;

export function ReceiveForm({ storeId, storeName }: { storeId: string; storeName: string }) {
  const { dict } = useI18n();
  const t = dict.inventory.receipts;
  const { toast } = useToast();
  const [receiptId, setReceiptId] = useState(() => crypto.randomUUID());
  const [supplierId, setSupplierId] = useState<string | undefined>(undefined);
  const [lines, setLines] = useState<Line[]>([]);
  const [note, setNote] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [posted, setPosted] = useState<{ receipt: Posted; duplicate: boolean } | null>(null);
  const inFlight = useRef(false);
  const [receive, { loading }] = useMutation(ReceiveGoodsDocument, {
    refetchQueries: ['GoodsReceipts', 'InventoryStock', 'InventoryLowStock', 'InventoryMovements'],
  });

  const addProduct = (product: PickedProduct) =>
    setLines((current) =>
      current.some((line) => line.product.id === product.id)
        ? current
        : [
            ...current,
            {
              product,
              quantity: null,
              unitCost: product.stockLevels.find((l) => l.store.id === storeId)?.averageCost ?? null,
            },
          ],
    );
  const updateLine = (index: number, change: Partial<Line>) =>
    setLines((current) => current.map((line, i) => (i === index ? { ...line, ...change } : line)));

  const check = (): string | null => {
    if (!supplierId) return t.needSupplier;
    if (lines.length === 0) return t.needLines;
    if (lines.some((line) => !line.quantity || parseQuantity(line.quantity) <= 0n || line.unitCost == null))
      return t.needAmounts;
    return null;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (inFlight.current) return; // a second click while the first is on its way sends nothing
    const invalid = check();
    setProblem(invalid);
    if (invalid || !supplierId) return;
    inFlight.current = true;
    try {
      const { data } = await receive({
        variables: {
          input: {
            id: receiptId,
            storeId,
            supplierId,
            note: note.trim() || null,
            lines: lines.map((line) => ({
              productId: line.product.id,
              quantity: line.quantity as string,
              unitCost: line.unitCost as string,
            })),
          },
        },
      });
      const result = data?.receiveGoods;
      const error = result?.errors[0];
      if (error || !result?.receipt) {
        setProblem(inventoryErrorText(error?.code ?? 'UNKNOWN', dict));
        return;
      }
      setPosted({ receipt: result.receipt, duplicate: result.duplicate });
      toast({ title: t.posted, variant: 'success' });
    } catch {
      // Unknown whether it was stored: the same id is sent again on retry, so it cannot double.
      setProblem(dict.common.errorDescription);
    } finally {
      inFlight.current = false;
    }
  };

  const startOver = () => {
    setReceiptId(crypto.randomUUID());
    setLines([]);
    setNote('');
    setProblem(null);
    setPosted(null);
  };

  if (posted) return <PostedReceipt posted={posted} onAnother={startOver} />;

  return (
    <Card>
      <CardHeader>
        <CardTitle>{t.formTitle}</CardTitle>
      </CardHeader>
      <CardContent>
        <form className="grid gap-4" onSubmit={submit} data-testid="receive-form" aria-label={t.formTitle}>
          <div className="flex flex-wrap items-start gap-4">
            <div className="grid gap-1.5">
              <span className="text-sm font-medium">{dict.inventory.store}</span>
              <span className="flex h-9 items-center text-sm">{storeName}</span>
            </div>
            <SupplierField value={supplierId} onChange={setSupplierId} />
          </div>
          <fieldset className="grid gap-2">
            <legend className="mb-2 text-sm font-medium">{t.lines}</legend>
            {lines.length === 0 ? <p className="text-sm text-muted-foreground">{t.noLines}</p> : null}
            {lines.map((line, index) => (
              <div
                key={line.product.id}
                className="grid grid-cols-[minmax(10rem,1fr)_9rem_11rem_9rem_auto] items-end gap-3"
                data-testid="receive-line"
              >
                <span className="pb-2 font-medium">{line.product.name}</span>
                <FormField label={t.quantity}>
                  <QuantityInput
                    value={line.quantity}
                    onValueChange={(quantity) => updateLine(index, { quantity })}
                    suffix={unitName(dict, line.product.unit)}
                    data-testid="line-quantity"
                  />
                </FormField>
                <FormField label={t.unitCost}>
                  <MoneyInput
                    value={line.unitCost}
                    onValueChange={(unitCost) => updateLine(index, { unitCost })}
                    data-testid="line-cost"
                  />
                </FormField>
                <span className="pb-2 text-right">
                  <Money value={receiptTotal([line])} />
                </span>
                <Button
                  variant="ghost"
                  size="sm"
                  onClick={() => setLines((current) => current.filter((_, i) => i !== index))}
                  aria-label={`${t.remove}: ${line.product.name}`}
                >
                  {t.remove}
                </Button>
              </div>
            ))}
            <ProductPicker
              className="w-80"
              label={t.addProduct}
              onPick={addProduct}
              testId="receive-product"
            />
          </fieldset>
          <FormField label={t.note}>
            <Input
              value={note}
              maxLength={1000}
              placeholder={t.notePlaceholder}
              onChange={(event) => setNote(event.target.value)}
            />
          </FormField>
          {problem ? <Banner variant="destructive" title={problem} data-testid="receive-error" /> : null}
          <div className="flex items-center justify-between gap-4">
            <span className="text-lg font-semibold">
              {t.total}: <Money value={formatMoney(receiptTotal(lines))} data-testid="receive-total" />
            </span>
            <Button type="submit" loading={loading} data-testid="receive-submit">
              {loading ? t.submitting : t.submit}
            </Button>
          </div>
        </form>
      </CardContent>
    </Card>
  );
}

/** What a posted receipt changed: each product's price on the receipt and its new moving average cost. */
function PostedReceipt({
  posted,
  onAnother,
}: {
  posted: { receipt: Posted; duplicate: boolean };
  onAnother: () => void;
}) {
  const { dict } = useI18n();
  const t = dict.inventory.receipts;
  const storeId = posted.receipt.store.id;
  return (
    <Card data-testid="receive-result">
      <CardHeader>
        <CardTitle>{t.resultTitle}</CardTitle>
      </CardHeader>
      <CardContent className="grid gap-4">
        {posted.duplicate ? <Banner variant="info" title={t.duplicate} /> : null}
        <Table>
          <TableHeader>
            <TableRow>
              <TableHead>{t.resultColumns.product}</TableHead>
              <TableHead className="text-right">{t.resultColumns.received}</TableHead>
              <TableHead className="text-right">{t.resultColumns.unitCost}</TableHead>
              <TableHead className="text-right">{t.resultColumns.newAverage}</TableHead>
              <TableHead className="text-right">{t.resultColumns.onHand}</TableHead>
            </TableRow>
          </TableHeader>
          <TableBody>
            {posted.receipt.lines.map((line) => {
              const level = line.product.stockLevels.find((l) => l.store.id === storeId);
              return (
                <TableRow key={line.product.id} data-testid="receive-result-line">
                  <TableCell className="font-medium">{line.product.name}</TableCell>
                  <TableCell className="text-right">
                    <Quantity value={line.quantity} unit={unitName(dict, line.product.unit)} />
                  </TableCell>
                  <TableCell className="text-right">
                    <Money value={line.unitCost} />
                  </TableCell>
                  <TableCell className="text-right font-semibold">
                    {level?.averageCost ? (
                      <Money value={level.averageCost} data-testid="result-average" />
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell className="text-right">
                    {level ? (
                      <Quantity value={level.quantity} unit={unitName(dict, line.product.unit)} />
                    ) : (
                      '—'
                    )}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
        <div className="flex items-center justify-between">
          <span className="font-semibold">
            {t.total}: <Money value={posted.receipt.total} />
          </span>
          <Button onClick={onAnother} autoFocus data-testid="receive-another">
            {t.another}
          </Button>
        </div>
      </CardContent>
    </Card>
  );
}
