/**
 * The sale's extras beyond its lines, kept out of the sell screen so it stays about searching:
 * the modifier picker when a product has modifier groups, the receipt-level discount (Shift+F4,
 * as typed: a percentage follows the cart), the customer (F3) with their loyalty, and the marking
 * codes every marked line needs before the payment opens (F12 walks through the lines that lack
 * them, then pays). `dialogs` renders whichever prompt is open.
 */
import { type Dispatch, type ReactNode, useCallback, useEffect, useMemo, useState } from 'react';
import type { CatalogModifierGroup } from '../../../shared/pos-catalog.ts';
import type { KnownCustomer, PosFailure } from '../../../shared/pos-types.ts';
import { type CartAction, type CartLine, type CartProduct, cartTotal, unmarkedLine } from '../../lib/cart.ts';
import { CustomerDialog } from '../customer/customer-dialog.tsx';
import { MarkingDialog } from '../marking/marking-dialog.tsx';
import { ModifierPicker } from '../modifiers/modifier-picker.tsx';
import { type ProductRef, productExtras } from '../modifiers/product-extras.ts';
import { type DiscountKind, receiptDiscount } from './receipt-discount.ts';
import { ReceiptDiscountDialog } from './receipt-discount-dialog.tsx';

/** The key that attaches a customer. */
export const CUSTOMER_KEY = 'F3';
/** With Shift: the receipt-level discount (F4 alone discounts the last line). */
export const RECEIPT_DISCOUNT_KEY = 'F4';

type Prompt =
  | { name: 'modifiers'; product: CartProduct; groups: CatalogModifierGroup[]; markingRequired: boolean }
  | { name: 'discount' }
  | { name: 'customer' }
  | { name: 'marking'; key: string };

export interface SaleExtras {
  /** Receipt-level discount in tiyin, as it applies to the cart now. */
  discount: bigint;
  customer: KnownCustomer | null;
  /** A prompt of the extras is open (the sell screen stops taking keys). */
  open: boolean;
  /** Why the last product could not be added (the catalog lookup failed), or null. */
  addError: PosFailure | null;
  /** Adds a piece good: through the modifier picker when it has groups, marked when it must be. */
  add(product: CartProduct & ProductRef): Promise<void>;
  /** A product is on its way into the cart (its catalog lookup is running). */
  adding: boolean;
  openCustomer(): void;
  detachCustomer(): void;
  openDiscount(): void;
  /**
   * Pays once the products on their way are in: first the marking dialog of each marked line
   * without its codes, then `pay` (nothing when the cart ends up empty).
   */
  checkout(pay: () => void): void;
  /** A new sale: no discount, no customer. */
  reset(): void;
  dialogs: ReactNode;
}

export function useSaleExtras(
  cart: readonly CartLine[],
  dispatch: Dispatch<CartAction>,
  options: { mayDiscount: boolean; onAdded(): void },
): SaleExtras {
  const [discountSpec, setDiscountSpec] = useState<{ kind: DiscountKind; text: string } | null>(null);
  const [customer, setCustomer] = useState<KnownCustomer | null>(null);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const [addError, setAddError] = useState<PosFailure | null>(null);
  const [payNext, setPayNext] = useState<(() => void) | null>(null);
  // Products whose catalog lookup is running: F12 right after a scan waits for them.
  const [adding, setAdding] = useState(0);
  const subtotal = useMemo(() => cartTotal(cart), [cart]);
  const applied = discountSpec ? receiptDiscount(subtotal, discountSpec.kind, discountSpec.text) : null;
  const discount = applied?.ok ? applied.amount : 0n;
  const { onAdded } = options;

  const add = useCallback(
    async (product: CartProduct & ProductRef) => {
      setAdding((n) => n + 1);
      const extras = await productExtras(product).finally(() => setAdding((n) => n - 1));
      if (!extras.ok) {
        setAddError(extras.error);
        return;
      }
      setAddError(null);
      const { groups, markingRequired } = extras.value;
      const marked = { ...product, markingRequired };
      if (groups.length) setPrompt({ name: 'modifiers', product: marked, groups, markingRequired });
      else {
        dispatch({ type: 'add', product: marked });
        onAdded();
      }
    },
    [dispatch, onAdded],
  );

  const checkout = useCallback((pay: () => void) => setPayNext(() => pay), []);

  // Once nothing is on its way and no prompt is open: the next unmarked line, or the payment.
  useEffect(() => {
    if (!payNext || prompt || adding > 0) return;
    if (cart.length === 0) {
      setPayNext(null);
      return;
    }
    const line = unmarkedLine(cart);
    if (line) setPrompt({ name: 'marking', key: line.key });
    else {
      setPayNext(null);
      payNext();
    }
  }, [payNext, prompt, cart, adding]);

  const close = () => setPrompt(null);
  let dialogs: ReactNode = null;
  if (prompt?.name === 'modifiers') {
    dialogs = (
      <ModifierPicker
        product={prompt.product}
        groups={prompt.groups}
        onClose={close}
        onAdd={(modifiers) => {
          dispatch({ type: 'add', product: prompt.product, modifiers });
          close();
          onAdded();
        }}
      />
    );
  } else if (prompt?.name === 'discount') {
    dialogs = (
      <ReceiptDiscountDialog
        subtotal={subtotal}
        allowed={options.mayDiscount}
        current={discount}
        onClose={close}
        onApply={(spec) => {
          setDiscountSpec(spec);
          close();
        }}
      />
    );
  } else if (prompt?.name === 'customer') {
    dialogs = (
      <CustomerDialog
        onClose={close}
        onAttach={(attached) => {
          setCustomer(attached);
          close();
        }}
      />
    );
  } else if (prompt?.name === 'marking') {
    const line = cart.find((l) => l.key === prompt.key);
    const taken = new Set(cart.filter((l) => l.key !== prompt.key).flatMap((l) => l.markingCodes));
    dialogs = line ? (
      <MarkingDialog
        key={line.key}
        line={line}
        taken={taken}
        onClose={(codes) => {
          dispatch({ type: 'setMarkingCodes', key: line.key, codes });
          setPayNext(null);
          close();
        }}
        onDone={(codes) => {
          dispatch({ type: 'setMarkingCodes', key: line.key, codes });
          close();
        }}
      />
    ) : null;
  }

  return {
    discount,
    customer,
    open: prompt !== null,
    addError,
    add,
    adding: adding > 0,
    openCustomer: () => setPrompt({ name: 'customer' }),
    detachCustomer: () => setCustomer(null),
    openDiscount: () => setPrompt({ name: 'discount' }),
    checkout,
    reset: () => {
      setDiscountSpec(null);
      setCustomer(null);
      setAddError(null);
    },
    dialogs,
  };
}
