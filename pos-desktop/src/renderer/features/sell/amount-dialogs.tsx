/**
 * Two small prompts of the sell screen, both one field and Enter:
 *  - the weight (or volume) of a measured product — kg or l with up to 3 decimals, `,` or `.`;
 *  - a line discount in so‘m, only for a cashier with `sales:discount` (the host refuses it too).
 */
import { Button, Dialog, DialogContent, FormField, Input } from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import { parseTypedMoney, parseTypedQuantity } from '../../lib/amounts.ts';
import { useI18n } from '../../lib/i18n.tsx';

/** Units sold by measure rather than by the piece. */
const MEASURED_UNITS = new Set(['kg', 'l']);

/** Whether a product is weighed (or measured) at the till. */
export const isMeasured = (unit: string | null | undefined) => MEASURED_UNITS.has(unit ?? '');

export function WeightDialog({
  name,
  unit,
  onWeighed,
  onClose,
}: {
  name: string;
  unit: string;
  onWeighed(quantity: bigint): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const quantity = parseTypedQuantity(text);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (quantity !== null) onWeighed(quantity);
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent title={name} description={t('weight.hint')}>
        <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
          <FormField
            label={`${t('weight.label')} (${unit})`}
            error={text && quantity === null ? t('weight.invalid') : null}
          >
            <Input
              data-testid="weight"
              inputMode="decimal"
              autoFocus
              className="h-12 text-right text-xl tabular-nums"
              value={text}
              onChange={(e) => setText(e.target.value)}
            />
          </FormField>
          <Button type="submit" size="lg" disabled={quantity === null}>
            {t('weight.add')} <kbd className="text-xs opacity-70">Enter</kbd>
          </Button>
        </form>
      </DialogContent>
    </Dialog>
  );
}

export function DiscountDialog({
  name,
  allowed,
  onDiscount,
  onClose,
}: {
  name: string;
  allowed: boolean;
  onDiscount(amount: bigint): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const amount = parseTypedMoney(text);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (allowed && amount !== null) onDiscount(amount);
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent title={`${t('discount.title')}: ${name}`}>
        {allowed ? (
          <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
            <FormField label={t('discount.amount')} description={t('discount.hint')}>
              <Input
                data-testid="line-discount"
                inputMode="decimal"
                autoFocus
                className="h-12 text-right text-xl tabular-nums"
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </FormField>
            <Button type="submit" size="lg" disabled={amount === null}>
              {t('discount.apply')} <kbd className="text-xs opacity-70">Enter</kbd>
            </Button>
          </form>
        ) : (
          <p role="alert" data-testid="discount-denied" className="text-sm text-destructive">
            {t('discount.denied')}
          </p>
        )}
      </DialogContent>
    </Dialog>
  );
}
