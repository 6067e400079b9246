/**
 * Taking the money. The due amount is the cart's receipt total; the cashier picks a method, the
 * amount is prefilled with what remains, and cash takes the amount handed over (the change is
 * shown large). Several methods make a split: "Add payment" keeps the current one and prefills
 * the rest. Enter completes: the host records the sale in its outbox first, then fiscalises it.
 * Only cash may exceed what is due, and only through the tendered amount (the change).
 *
 * The due amount is after the receipt discount. With a customer attached, points pay too
 * (Alt+6, `pay-loyalty`): at most what the customer may redeem on this receipt (their balance,
 * the program's share), and the points the sale will earn are shown.
 */
import { Button, cn, Dialog, DialogContent, Input, Label } from '@jowi/ui';
import { type FormEvent, type KeyboardEvent, useMemo, useState } from 'react';
import { posFailure } from '../../../shared/pos-errors.ts';
import type { CardBrand, KnownCustomer, PaymentMethod, SaleOutcome } from '../../../shared/pos-types.ts';
import { parseTypedMoney, typedMoney } from '../../lib/amounts.ts';
import { posApi } from '../../lib/bridge.ts';
import { type CartLine, type CartPayment, cartReceipt, needsCashless, toSaleDraft } from '../../lib/cart.ts';
import { FailureMessage, useHostCall } from '../../lib/host-call.tsx';
import { type MessageKey, useI18n } from '../../lib/i18n.tsx';
import { earnedPoints, maxRedeemable } from '../customer/loyalty.ts';

type TillMethod = PaymentMethod;

/** Methods in the order of their Alt+digit shortcut (points only with a customer). */
const METHODS: readonly { method: TillMethod; label: MessageKey; testId?: string }[] = [
  { method: 'CASH', label: 'pay.cash', testId: 'pay-cash' },
  { method: 'CARD', label: 'pay.card', testId: 'pay-card' },
  { method: 'PAYME', label: 'pay.payme' },
  { method: 'CLICK', label: 'pay.click' },
  { method: 'UZUM', label: 'pay.uzum' },
  { method: 'LOYALTY', label: 'pay.loyalty', testId: 'pay-loyalty' },
];
const BRANDS: readonly CardBrand[] = ['UZCARD', 'HUMO', 'VISA', 'MASTERCARD'];
/** Quick cash: the notes customers usually hand over, in tiyin. */
const QUICK_CASH = [1_000_000n, 5_000_000n, 10_000_000n, 20_000_000n];

/** A payment already taken in a split, with a key for its row. */
type TakenPayment = CartPayment & { key: string };

/** The cashier's sentence for a cart that cannot become a sale. */
const DRAFT_PROBLEM_TEXT: Partial<Record<string, MessageKey>> = {
  PAYMENT_MISMATCH: 'pay.notSettled',
  MISSING_MARKING_CODES: 'marking.missing',
};

const sum = (payments: readonly CartPayment[]) => payments.reduce((acc, p) => acc + p.amount, 0n);

interface PaymentDialogProps {
  lines: readonly CartLine[];
  /** Receipt-level discount in tiyin (0 for none). */
  discount?: bigint;
  /** The customer on the sale: their id goes with it, their points may pay. */
  customer?: KnownCustomer | null;
  catalogVersion: string | null;
  onClose(): void;
  onCompleted(outcome: SaleOutcome): void;
}

export function PaymentDialog({
  lines,
  discount = 0n,
  customer = null,
  catalogVersion,
  onClose,
  onCompleted,
}: PaymentDialogProps) {
  const { t, money } = useI18n();
  const due = useMemo(() => {
    const receipt = cartReceipt(lines, { discount });
    return receipt.ok ? receipt.receipt.total : 0n;
  }, [lines, discount]);
  const [taken, setTaken] = useState<TakenPayment[]>([]);
  const remaining = due - sum(taken);
  const methods = customer ? METHODS : METHODS.filter((m) => m.method !== 'LOYALTY');
  const pointsCap = customer ? maxRedeemable(customer, due) : 0n;
  const pointsTaken = sum(taken.filter((p) => p.method === 'LOYALTY'));
  const pointsLeft = pointsCap - pointsTaken;
  const cashless = useMemo(() => needsCashless(lines), [lines]);
  const [method, setMethod] = useState<TillMethod>(cashless ? 'CARD' : 'CASH');
  const [brand, setBrand] = useState<CardBrand>('UZCARD');
  const [amountText, setAmountText] = useState(typedMoney(due));
  const [tenderedText, setTenderedText] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const complete = useHostCall((draft: Parameters<ReturnType<typeof posApi>['sale']['complete']>[0]) =>
    posApi().sale.complete(draft),
  );

  const amount = parseTypedMoney(amountText);
  const tendered = tenderedText.trim() ? parseTypedMoney(tenderedText) : amount;
  const current = currentPayment(method, brand, amount, tendered);
  const change = method === 'CASH' && amount !== null && tendered !== null ? tendered - amount : 0n;
  const currentProblem =
    method === 'LOYALTY' && amount !== null && amount > pointsLeft
      ? 'pay.loyaltyOver'
      : paymentProblem(method, amount, tendered, remaining);
  const redeemed = pointsTaken + (method === 'LOYALTY' && amount !== null ? amount : 0n);
  const earns = customer ? earnedPoints(customer, due, redeemed) : 0n;

  function choose(next: TillMethod) {
    if (cashless && next === 'CASH') return;
    if (next === 'LOYALTY' && (!customer || pointsLeft <= 0n)) {
      setProblem(t('pay.loyaltyNone'));
      return;
    }
    setMethod(next);
    setProblem(null);
    setTenderedText('');
    setAmountText(typedMoney(next === 'LOYALTY' && pointsLeft < remaining ? pointsLeft : remaining));
  }

  function addSplit() {
    if (!current || currentProblem || amount === remaining) return;
    setTaken((list) => [...list, { ...current, key: crypto.randomUUID() }]);
    setAmountText(typedMoney(remaining - current.amount));
    setTenderedText('');
  }

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (currentProblem && remaining > 0n) {
      setProblem(t(currentProblem));
      return;
    }
    const payments = current && current.amount > 0n ? [...taken, current] : taken;
    const built = toSaleDraft(lines, {
      payments,
      catalogVersion,
      discount,
      ...(customer ? { customerId: customer.id } : {}),
    });
    if (!built.ok) {
      setProblem(t(DRAFT_PROBLEM_TEXT[built.problem.code] ?? 'pay.invalidSale'));
      return;
    }
    setProblem(null);
    const outcome = await complete.run(built.draft);
    if (outcome) onCompleted(outcome);
  }

  function onKeyDown(event: KeyboardEvent) {
    const index = event.altKey ? Number(event.key) - 1 : -1;
    const shortcut = methods[index];
    if (shortcut) {
      event.preventDefault();
      choose(shortcut.method);
    } else if (event.key === 'Enter' && event.ctrlKey) {
      event.preventDefault();
      addSplit();
    }
  }

  return (
    <Dialog open onOpenChange={(open) => (open || complete.busy ? undefined : onClose())}>
      <DialogContent title={t('pay.title')} className="max-w-3xl!" onKeyDown={onKeyDown}>
        <form className="grid grid-cols-[minmax(0,1fr)_16rem] gap-6" onSubmit={submit} noValidate>
          <div className="flex flex-col gap-4">
            <fieldset className={cn('grid gap-2', customer ? 'grid-cols-6' : 'grid-cols-5')}>
              <legend className="sr-only">{t('pay.method')}</legend>
              {methods.map((m, i) => (
                <Button
                  key={m.method}
                  data-testid={m.testId}
                  variant={method === m.method ? 'primary' : 'outline'}
                  aria-pressed={method === m.method}
                  disabled={(cashless && m.method === 'CASH') || (m.method === 'LOYALTY' && pointsLeft <= 0n)}
                  className="h-14 flex-col gap-0"
                  onClick={() => choose(m.method)}
                >
                  {t(m.label)}
                  <kbd className="text-[10px] opacity-70">Alt+{i + 1}</kbd>
                </Button>
              ))}
            </fieldset>
            {method === 'CARD' ? (
              <fieldset className="grid grid-cols-4 gap-2">
                <legend className="sr-only">{t('pay.cardBrand')}</legend>
                {BRANDS.map((b) => (
                  <Button
                    key={b}
                    size="sm"
                    variant={brand === b ? 'secondary' : 'ghost'}
                    aria-pressed={brand === b}
                    onClick={() => setBrand(b)}
                  >
                    {b}
                  </Button>
                ))}
              </fieldset>
            ) : null}
            <div className="grid grid-cols-2 gap-3">
              <div className="flex flex-col gap-1.5">
                <Label htmlFor="pay-amount">{t('pay.amount')}</Label>
                <Input
                  id="pay-amount"
                  data-testid="pay-amount"
                  inputMode="decimal"
                  className="h-12 text-right text-xl tabular-nums"
                  value={amountText}
                  autoFocus={method !== 'CASH'}
                  onChange={(e) => setAmountText(e.target.value)}
                />
              </div>
              {method === 'CASH' ? (
                <div className="flex flex-col gap-1.5">
                  <Label htmlFor="pay-tendered">{t('pay.tendered')}</Label>
                  <Input
                    id="pay-tendered"
                    data-testid="tendered"
                    inputMode="decimal"
                    autoFocus
                    placeholder={amountText}
                    className="h-12 text-right text-xl tabular-nums"
                    value={tenderedText}
                    onChange={(e) => setTenderedText(e.target.value)}
                  />
                </div>
              ) : null}
            </div>
            {method === 'CASH' ? (
              <div className="flex flex-wrap gap-2">
                {QUICK_CASH.map((note) => (
                  <Button
                    key={String(note)}
                    size="sm"
                    variant="outline"
                    onClick={() => setTenderedText(typedMoney(note))}
                  >
                    {money(note)}
                  </Button>
                ))}
              </div>
            ) : null}
            {method === 'LOYALTY' ? (
              <p data-testid="loyalty-available" className="text-sm text-muted-foreground">
                {t('pay.loyaltyAvailable')}: <span className="tabular-nums">{money(pointsLeft)}</span>
              </p>
            ) : null}
            {currentProblem === 'pay.loyaltyOver' ? (
              <p role="alert" data-testid="loyalty-over" className="text-sm text-destructive">
                {t('pay.loyaltyOver')}
              </p>
            ) : null}
            {taken.length ? (
              <ul aria-label={t('pay.taken')} className="divide-y rounded-md border text-sm">
                {taken.map((p) => (
                  <li key={p.key} className="flex items-center justify-between px-3 py-2">
                    <span>
                      {p.method}
                      {p.cardBrand ? ` · ${p.cardBrand}` : ''}
                    </span>
                    <span className="tabular-nums">{money(p.amount)}</span>
                    <Button
                      size="sm"
                      variant="ghost"
                      aria-label={t('pay.removePayment')}
                      onClick={() => setTaken((list) => list.filter((other) => other.key !== p.key))}
                    >
                      ✕
                    </Button>
                  </li>
                ))}
              </ul>
            ) : null}
            {problem ? (
              <p role="alert" className="text-sm text-destructive">
                {problem}
              </p>
            ) : null}
            {cashless ? (
              <FailureMessage error={posFailure('CASH_FOR_CASHLESS')} testId="cashless-only" />
            ) : null}
            <FailureMessage error={complete.error} testId="sale-error" />
          </div>
          <aside className="flex flex-col gap-3 rounded-lg bg-muted p-4">
            <Figure label={t('pay.due')} value={money(due)} testId="pay-due" />
            {discount > 0n ? (
              <p className="text-xs text-muted-foreground tabular-nums">
                {t('cart.receiptDiscount')}: − {money(discount)}
              </p>
            ) : null}
            <Figure label={t('pay.remaining')} value={money(remaining > 0n ? remaining : 0n)} />
            <Figure
              label={t('pay.change')}
              value={money(change > 0n ? change : 0n)}
              testId="pay-change"
              large
            />
            {customer?.loyaltyEnabled ? (
              <p className="text-sm">
                {t('pay.earns')}:{' '}
                <output data-testid="pay-earns" className="font-semibold tabular-nums">
                  {money(earns)}
                </output>
              </p>
            ) : null}
            <div className="mt-auto flex flex-col gap-2">
              <Button
                variant="outline"
                onClick={addSplit}
                disabled={!current || Boolean(currentProblem) || amount === remaining}
              >
                {t('pay.addSplit')} <kbd className="text-xs opacity-70">Ctrl+Enter</kbd>
              </Button>
              <Button
                data-testid="complete-sale"
                type="submit"
                size="lg"
                className="h-16 text-lg"
                loading={complete.busy}
              >
                {t('pay.complete')} <kbd className="text-xs opacity-70">Enter</kbd>
              </Button>
            </div>
          </aside>
        </form>
      </DialogContent>
    </Dialog>
  );
}

function Figure({
  label,
  value,
  testId,
  large,
}: {
  label: string;
  value: string;
  testId?: string;
  large?: boolean;
}) {
  return (
    <div>
      <p className="text-xs text-muted-foreground">{label}</p>
      <output
        data-testid={testId}
        className={cn('block font-bold tabular-nums', large ? 'text-3xl' : 'text-xl')}
      >
        {value}
      </output>
    </div>
  );
}

/** The payment being entered, or null when its amount is not readable. */
function currentPayment(
  method: TillMethod,
  brand: CardBrand,
  amount: bigint | null,
  tendered: bigint | null,
): CartPayment | null {
  if (amount === null) return null;
  if (method === 'CASH') return { method, amount, tendered: tendered ?? amount };
  if (method === 'CARD') return { method, amount, cardBrand: brand };
  return { method, amount };
}

/** Why the payment being entered cannot be taken, as a message key; null when it can. */
function paymentProblem(
  method: TillMethod,
  amount: bigint | null,
  tendered: bigint | null,
  remaining: bigint,
): MessageKey | null {
  if (amount === null || amount <= 0n) return 'error.amount';
  if (amount > remaining) return 'pay.overDue';
  if (method === 'CASH' && (tendered === null || tendered < amount)) return 'pay.tenderedShort';
  return null;
}
