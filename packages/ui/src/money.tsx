'use client';

/**
 * Money and Quantity, displayed and typed. Values are the API's decimal strings (`"125000.00"`,
 * `"1.500"`) or integer minor units (`bigint`); inputs emit both and never a float.
 */
import { type ComponentProps, useEffect, useId, useState } from 'react';
import {
  type AmountScale,
  type AmountTextProblem,
  formatAmount,
  type ParsedAmount,
  parseAmountText,
} from './amounts.ts';
import { cn } from './cn.ts';
import type { DecimalFormat } from './format.ts';
import { useUiLocale } from './locale.tsx';

/** Props of {@link Money}. */
export interface MoneyProps extends Omit<ComponentProps<'span'>, 'children'> {
  /** A `Money` string (`"125000.00"`) or tiyin (`12500000n`). */
  value: string | bigint;
  /** `auto` hides `,00`; `always` shows two decimals. Default `auto`. */
  fraction?: 'auto' | 'always';
  /** Hide the currency word. */
  hideCurrency?: boolean;
}

/** An amount of so'm as the locale writes it, e.g. "125 000 so‘m"; tabular digits. */
export function Money({ value, fraction = 'auto', hideCurrency, className, ...props }: MoneyProps) {
  const { number, currency } = useUiLocale();
  const text = formatAmount(value, { format: number, fraction }, 2);
  return (
    <span className={cn('whitespace-nowrap tabular-nums', className)} data-value={String(value)} {...props}>
      {hideCurrency ? text : `${text}\u00a0${currency}`}
    </span>
  );
}

/** Props of {@link Quantity}. */
export interface QuantityProps extends Omit<ComponentProps<'span'>, 'children'> {
  /** A `Quantity` string (`"1.500"`) or thousandths (`1500n`). */
  value: string | bigint;
  /** Unit after the number, e.g. "kg". */
  unit?: string;
}

/** A quantity without trailing zeros, e.g. "1,5 kg" or "200". */
export function Quantity({ value, unit, className, ...props }: QuantityProps) {
  const { number } = useUiLocale();
  const text = formatAmount(value, { format: number, fraction: 'trim' }, 3);
  return (
    <span className={cn('whitespace-nowrap tabular-nums', className)} data-value={String(value)} {...props}>
      {unit ? `${text}\u00a0${unit}` : text}
    </span>
  );
}

/** Props shared by {@link MoneyInput} and {@link QuantityInput}. */
export interface AmountInputProps
  extends Omit<ComponentProps<'input'>, 'value' | 'defaultValue' | 'onChange' | 'type'> {
  /** The current value as the API writes it (`"12500.00"`), or null when empty. */
  value: string | null;
  /**
   * Called with the new value and its integer minor units whenever the text becomes a complete
   * amount, and with `(null, null)` when it is emptied.
   */
  onValueChange: (value: string | null, units: bigint | null) => void;
  /** Called when a keystroke is refused (too many decimals, a letter, …), e.g. to explain it. */
  onRefuse?: (problem: AmountTextProblem) => void;
  /** Accept negative amounts. Default false. */
  allowNegative?: boolean;
  /** Marks the field invalid. */
  invalid?: boolean;
  /** Text after the number inside the field; default the currency word (money) or none. */
  suffix?: string;
}

/** A money field: at most two decimals, emits a `Money` string and tiyin. */
export function MoneyInput({ suffix, ...props }: AmountInputProps) {
  const { currency } = useUiLocale();
  return <AmountInput scale={2} suffix={suffix ?? currency} {...props} />;
}

/** A quantity field: at most three decimals, emits a `Quantity` string and thousandths. */
export function QuantityInput(props: AmountInputProps) {
  return <AmountInput scale={3} {...props} />;
}

function AmountInput({
  scale,
  value,
  onValueChange,
  onRefuse,
  allowNegative = false,
  invalid,
  suffix,
  className,
  onBlur,
  onFocus,
  'aria-describedby': describedBy,
  ...props
}: AmountInputProps & { scale: AmountScale }) {
  const { number } = useUiLocale();
  const [text, setText] = useState(() => display(value, number, scale));
  const suffixId = useId();

  // A new value from outside replaces the text unless it is what the text already says.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only an outside change of value resets the text.
  useEffect(() => {
    const current = parseAmountText(text, { scale, format: number, allowNegative });
    if (!sameValue(current, value)) setText(display(value, number, scale));
  }, [value]);

  function change(next: string): void {
    const parsed = parseAmountText(next, { scale, format: number, allowNegative });
    if (parsed.kind === 'invalid') {
      onRefuse?.(parsed.problem);
      return; // the field keeps its previous text: the keystroke is refused, not rounded
    }
    setText(next);
    if (parsed.kind === 'amount' && parsed.value !== value) onValueChange(parsed.value, parsed.units);
    if (parsed.kind === 'empty' && value !== null) onValueChange(null, null);
  }

  return (
    <div
      className={cn(
        'flex h-10 w-full min-w-0 items-center rounded-md border border-input bg-background text-sm shadow-xs',
        'focus-within:border-ring focus-within:outline-2 focus-within:outline-ring/40',
        invalid && 'border-destructive',
        className,
      )}
    >
      <input
        type="text"
        inputMode="decimal"
        autoComplete="off"
        spellCheck={false}
        aria-invalid={invalid || undefined}
        {...props}
        aria-describedby={[describedBy, suffix ? suffixId : undefined].filter(Boolean).join(' ') || undefined}
        value={text}
        onChange={(event) => change(event.target.value)}
        onFocus={onFocus}
        onBlur={(event) => {
          // Leaving the field shows the value in the locale's grouping; a dangling "12," or "-" is dropped.
          const parsed = parseAmountText(text, { scale, format: number, allowNegative });
          setText(display(parsed.kind === 'amount' ? parsed.value : value, number, scale));
          onBlur?.(event);
        }}
        className="h-full w-full min-w-0 bg-transparent px-3 text-right tabular-nums outline-none disabled:cursor-not-allowed disabled:opacity-50"
      />
      {suffix ? (
        <span id={suffixId} className="pr-3 text-muted-foreground select-none">
          {suffix}
        </span>
      ) : null}
    </div>
  );
}

function display(value: string | null, format: DecimalFormat, scale: AmountScale): string {
  if (value === null) return '';
  return formatAmount(value, { format, fraction: scale === 2 ? 'always' : 'trim' }, scale);
}

function sameValue(parsed: ParsedAmount, value: string | null): boolean {
  if (value === null) return parsed.kind === 'empty' || parsed.kind === 'partial';
  return parsed.kind === 'amount' && parsed.value === value;
}
