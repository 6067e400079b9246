/** The running sale: lines with quantity controls and the total, all in integer tiyin. */
import { Button } from '@jowi/ui';
import type { Dispatch, MouseEvent } from 'react';
import { type CartAction, type CartLine, cartTotal, lineTotal } from '../../lib/cart.ts';
import { useI18n } from '../../lib/i18n.tsx';

interface CartPanelProps {
  lines: readonly CartLine[];
  dispatch: Dispatch<CartAction>;
  /** Opens the payment (also F12). */
  onPay(): void;
}

/** The key that opens the payment from anywhere on the sell screen. */
export const PAY_KEY = 'F12';

export function CartPanel({ lines, dispatch, onPay }: CartPanelProps) {
  const { t, money, quantity } = useI18n();
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
                <p className="text-xs text-muted-foreground tabular-nums">
                  {quantity(line.quantity)} × {money(line.unitPrice)}
                  {line.discount > 0n ? ` − ${money(line.discount)}` : ''}
                </p>
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
        <div className="flex items-baseline justify-between">
          <span className="text-base font-medium">{t('cart.total')}</span>
          <output data-testid="cart-total" className="text-2xl font-bold tabular-nums">
            {money(cartTotal(lines))}
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
