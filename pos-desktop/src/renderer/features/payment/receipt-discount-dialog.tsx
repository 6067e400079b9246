/**
 * The receipt-level discount (Shift+F4): an amount in so‘m or a percentage of the receipt, only
 * for a cashier with `sales:discount` (the host refuses it too). The amount it comes to is shown
 * before it is applied; `computeReceipt` spreads it over the lines.
 */
import { Button, Dialog, DialogContent, FormField, Input } from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import { type MessageKey, useI18n } from '../../lib/i18n.tsx';
import { type DiscountKind, type DiscountProblem, receiptDiscount } from './receipt-discount.ts';

interface ReceiptDiscountDialogProps {
  /** The lines' total after their own discounts, in tiyin. */
  subtotal: bigint;
  allowed: boolean;
  /** The discount on the receipt now (0 for none). */
  current: bigint;
  /** The discount as typed (a percentage follows the cart), or null to remove it. */
  onApply(spec: { kind: DiscountKind; text: string } | null): void;
  onClose(): void;
}

export function ReceiptDiscountDialog({
  subtotal,
  allowed,
  current,
  onApply,
  onClose,
}: ReceiptDiscountDialogProps) {
  const { t, money } = useI18n();
  const [kind, setKind] = useState<DiscountKind>('percent');
  const [text, setText] = useState('');
  const result = text.trim() ? receiptDiscount(subtotal, kind, text) : null;
  const problemKey = result && !result.ok ? PROBLEM_TEXT[result.problem] : null;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (allowed && result?.ok) onApply({ kind, text });
  }

  return (
    <Dialog open onOpenChange={(open) => (open ? undefined : onClose())}>
      <DialogContent title={t('rdiscount.title')}>
        {allowed ? (
          <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
            <fieldset className="grid grid-cols-2 gap-2">
              <legend className="sr-only">{t('rdiscount.value')}</legend>
              {(['percent', 'amount'] as const).map((k) => (
                <Button
                  key={k}
                  type="button"
                  data-testid={`receipt-discount-kind-${k}`}
                  variant={kind === k ? 'primary' : 'outline'}
                  aria-pressed={kind === k}
                  className="h-12"
                  onClick={() => setKind(k)}
                >
                  {t(k === 'percent' ? 'rdiscount.percent' : 'rdiscount.amount')}
                </Button>
              ))}
            </fieldset>
            <FormField label={t('rdiscount.value')} error={problemKey ? t(problemKey) : null}>
              <Input
                data-testid="receipt-discount"
                inputMode="decimal"
                autoFocus
                className="h-12 text-right text-xl tabular-nums"
                value={text}
                onChange={(e) => setText(e.target.value)}
              />
            </FormField>
            <p className="text-sm">
              {t('rdiscount.result')}:{' '}
              <output data-testid="receipt-discount-amount" className="font-semibold tabular-nums">
                {money(result?.ok ? result.amount : 0n)}
              </output>
            </p>
            <div className="flex gap-2">
              {current > 0n ? (
                <Button type="button" variant="outline" className="h-12" onClick={() => onApply(null)}>
                  {t('rdiscount.remove')}
                </Button>
              ) : null}
              <Button type="submit" size="lg" className="h-12 flex-1" disabled={!result?.ok}>
                {t('rdiscount.apply')} <kbd className="text-xs opacity-70">Enter</kbd>
              </Button>
            </div>
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

/** The message of each refusal. */
const PROBLEM_TEXT = {
  FORMAT: 'rdiscount.format',
  ABOVE_TOTAL: 'rdiscount.aboveTotal',
  PERCENT_RANGE: 'rdiscount.percentRange',
} as const satisfies Record<DiscountProblem, MessageKey>;
