'use client';

/**
 * Product lines with quantities, as the transfer and recipe forms edit them: products come from
 * the inventory pages' shared {@link ProductPicker}, each once (picking one again goes to its line); quantities are `Quantity` strings typed through
 * `QuantityInput` (three decimals, never a float). Also the one place a form's `UserError` code
 * becomes a sentence.
 */
import { Button, QuantityInput } from '@jowi/ui';
import type { Dictionary } from '../../../../i18n/dictionaries.ts';
import { fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { unitName } from '../../../../i18n/units.ts';
import { type PickedProduct, ProductPicker } from '../_shared/product-picker.tsx';

/** A line of a form: the product and the quantity typed so far (null: nothing yet). */
export interface FormLine {
  product: Pick<PickedProduct, 'id' | 'name' | 'sku' | 'unit'>;
  quantity: string | null;
}

/** True when every line has a quantity above zero (the server checks again). */
export function linesComplete(lines: readonly FormLine[]): boolean {
  return lines.length > 0 && lines.every((line) => line.quantity !== null && /[1-9]/.test(line.quantity));
}

/** A form's user error as text: the known codes in the user's language, others with their code. */
export function userErrorText(dict: Dictionary, code: string): string {
  const known: Record<string, string> = dict.inventoryOps.errors;
  return known[code] ?? fill(dict.inventoryOps.unknownError, { code });
}

export function LinesEditor({
  lines,
  onChange,
  testId,
  quantityLabel,
}: {
  lines: readonly FormLine[];
  onChange: (lines: FormLine[]) => void;
  testId: string;
  quantityLabel?: string;
}) {
  const { dict } = useI18n();
  const t = dict.inventoryOps;
  const setQuantity = (index: number, quantity: string | null) =>
    onChange(lines.map((line, i) => (i === index ? { ...line, quantity } : line)));

  return (
    <div className="grid gap-3">
      <ProductPicker
        label={t.picker.label}
        testId={`${testId}-search`}
        onPick={(product) => {
          if (!lines.some((line) => line.product.id === product.id))
            onChange([...lines, { product, quantity: null }]);
          // The new line's quantity is typed next.
          requestAnimationFrame(() =>
            document
              .querySelector<HTMLInputElement>(`[data-testid="${testId}-quantity-${product.id}"]`)
              ?.focus(),
          );
        }}
      />
      {lines.length === 0 ? (
        <p className="rounded-md border border-dashed border-border p-4 text-center text-sm text-muted-foreground">
          {t.lines.empty}
        </p>
      ) : (
        <table className="w-full text-sm" data-testid={`${testId}-lines`}>
          <thead>
            <tr className="text-left text-muted-foreground">
              <th className="py-1 font-medium">{t.lines.product}</th>
              <th className="w-40 py-1 text-right font-medium">{quantityLabel ?? t.lines.quantity}</th>
              <th className="w-10" />
            </tr>
          </thead>
          <tbody>
            {lines.map((line, index) => (
              <tr key={line.product.id} className="border-t border-border">
                <td className="py-1.5">
                  <span className="font-medium">{line.product.name}</span>{' '}
                  <span className="text-muted-foreground">{line.product.sku}</span>
                </td>
                <td className="py-1.5">
                  <QuantityInput
                    aria-label={`${t.lines.quantity}: ${line.product.name}`}
                    value={line.quantity}
                    suffix={unitName(dict, line.product.unit)}
                    onValueChange={(value) => setQuantity(index, value)}
                    data-testid={`${testId}-quantity-${line.product.id}`}
                  />
                </td>
                <td className="py-1.5 text-right">
                  <Button
                    type="button"
                    variant="ghost"
                    size="sm"
                    aria-label={`${t.picker.remove}: ${line.product.name}`}
                    onClick={() => onChange(lines.filter((_, i) => i !== index))}
                  >
                    ×
                  </Button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
