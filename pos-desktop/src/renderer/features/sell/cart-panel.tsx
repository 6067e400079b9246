/**
 * The running sale: lines (with their modifiers and marking progress) and quantity controls, the
 * customer with their points, the receipt discount and the total — all in integer tiyin, the
 * total being the receipt package's after the receipt discount.
 */
import { Button } from '@jowi/ui';
import type { Dispatch, MouseEvent } from 'react';
import {
  type CartAction,
  type CartLine,
  cartReceipt,
  cartTotal,
  lineTotal,
  wholeUnits,
} from '../../lib/cart.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { displayPhone, pointsValue } from '../customer/loyalty.ts';
import { CUSTOMER_KEY, RECEIPT_DISCOUNT_KEY, type SaleExtras } from '../payment/sale-extras.tsx';

interface CartPanelProps {
  lines: readonly CartLine[];
  dispatch: Dispatch<CartAction>;
  /** Opens the payment (also F12). */
  onPay(): void;
  /** Discount, customer and their dialogs. */
  extras: Pick<SaleExtras, 'discount' | 'customer' | 'openCustomer' | 'detachCustomer' | 'openDiscount'>;
}

/** The key that opens the payment from anywhere on the sell screen. */
export const PAY_KEY = 'F12';

export function CartPanel({ lines, dispatch, onPay, extras }: CartPanelProps) {
  const { t, money, quantity } = useI18n();
  const subtotal = cartTotal(lines);
  const receipt = cartReceipt(lines, { discount: extras.discount });
  const total = receipt.ok ? receipt.receipt.total : subtotal;
  const { customer } = extras;
  // Buttons in the cart must not steal focus from the search box (keyboard-first till).
  const keepFocus = (e: MouseEvent) => e.preventDefault();
  return (
    <section aria-label={t('cart.title')} className="flex min-h-0 flex-col border-l bg-card">
      <header className="flex items-center justify-between border-b px-4 py-3">
        <h2 className="text-lg font-semibold">{t('cart.title')}</h2>
        <Button
          variant="ghost"
          size="sm"
          disabled={!lines.length}
          onMouseDown={keepFocus}
          onClick={() => dispatch({ type: 'clear' })}
        >
          {t('cart.clear')}
        </Button>
      </header>
      {lines.length ? (
        <ul data-testid="cart-lines" className="min-h-0 flex-1 divide-y overflow-y-auto">
          {lines.map((line) => (
            <li key={line.key} data-testid="cart-line" className="flex items-center gap-2 px-4 py-2">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">{line.name}</p>
                {line.modifiers.length ? (
                  <p data-testid="cart-line-modifiers" className="truncate text-xs text-muted-foreground">
                    {line.modifiers.map((m) => `+ ${m.name}`).join(', ')}
                  </p>
                ) : null}
                <p className="text-xs text-muted-foreground tabular-nums">
                  {quantity(line.quantity)} × {money(line.unitPrice)}
                  {line.discount > 0n ? ` − ${money(line.discount)}` : ''}
                </p>
                {line.markingRequired ? (
                  <p
                    data-testid="cart-line-marking"
                    className={
                      line.markingCodes.length === wholeUnits(line.quantity)
                        ? 'text-xs text-muted-foreground'
                        : 'text-xs font-medium text-destructive'
                    }
                  >
                    {t('marking.title')}: {line.markingCodes.length} / {wholeUnits(line.quantity) ?? '?'}
                  </p>
                ) : null}
              </div>
              <div className="flex items-center gap-1">
                <Button
                  variant="outline"
                  size="sm"
                  aria-label={t('cart.decrease')}
                  onMouseDown={keepFocus}
                  onClick={() => dispatch({ type: 'decrement', key: line.key })}
                >
                  −
                </Button>
                <Button
                  variant="outline"
                  size="sm"
                  aria-label={t('cart.increase')}
                  onMouseDown={keepFocus}
                  onClick={() => dispatch({ type: 'increment', key: line.key })}
                >
                  +
                </Button>
              </div>
              <p className="w-28 text-right text-sm font-semibold tabular-nums">{money(lineTotal(line))}</p>
            </li>
          ))}
        </ul>
      ) : (
        <p className="flex-1 px-4 py-6 text-sm text-muted-foreground">{t('cart.empty')}</p>
      )}
      <footer className="flex flex-col gap-3 border-t px-4 py-4">
        <div className="flex items-center gap-2">
          {customer ? (
            <div
              data-testid="customer-chip"
              className="flex min-w-0 flex-1 items-center gap-2 rounded-md border bg-muted/50 px-3 py-1"
            >
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium">
                  {customer.name ?? displayPhone(customer.phone)}
                </p>
                <p className="text-xs text-muted-foreground tabular-nums">
                  {t('customer.balance')}: {money(pointsValue(customer.balance))}
                </p>
              </div>
              <Button
                variant="ghost"
                size="sm"
                aria-label={t('customer.detach')}
                onMouseDown={keepFocus}
                onClick={extras.detachCustomer}
              >
                ✕
              </Button>
            </div>
          ) : (
            <Button
              data-testid="customer-open"
              variant="outline"
              className="h-12 flex-1"
              onMouseDown={keepFocus}
              onClick={extras.openCustomer}
            >
              {t('customer.open')} <kbd className="text-xs opacity-70">{CUSTOMER_KEY}</kbd>
            </Button>
          )}
          <Button
            data-testid="receipt-discount-open"
            variant="outline"
            className="h-12 flex-1"
            disabled={!lines.length}
            onMouseDown={keepFocus}
            onClick={extras.openDiscount}
          >
            {t('rdiscount.open')} <kbd className="text-xs opacity-70">Shift+{RECEIPT_DISCOUNT_KEY}</kbd>
          </Button>
        </div>
        {extras.discount > 0n ? (
          <div className="flex flex-col gap-1 text-sm tabular-nums">
            <div className="flex justify-between text-muted-foreground">
              <span>{t('cart.subtotal')}</span>
              <span>{money(subtotal)}</span>
            </div>
            <div className="flex justify-between">
              <span>{t('cart.receiptDiscount')}</span>
              <output data-testid="cart-receipt-discount">− {money(extras.discount)}</output>
            </div>
          </div>
        ) : null}
        <div className="flex items-baseline justify-between">
          <span className="text-base font-medium">{t('cart.total')}</span>
          <output data-testid="cart-total" className="text-2xl font-bold tabular-nums">
            {money(total)}
          </output>
        </div>
        <Button
          data-testid="pay"
          size="lg"
          className="h-16 text-lg"
          disabled={!lines.length}
          onMouseDown={keepFocus}
          onClick={onPay}
        >
          {t('cart.pay')} <kbd className="text-xs opacity-70">{PAY_KEY}</kbd>
        </Button>
      </footer>
    </section>
  );
}
