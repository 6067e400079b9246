/**
 * The sell screen, keyboard-first: the search box has focus from the start and keeps it.
 * Typing filters the cached catalog, ↑/↓ move the selection, Enter adds it to the cart, Esc
 * clears the search. A barcode scanner is just fast typing followed by Enter.
 *
 * Products come from the persisted Apollo cache first (instant after a restart, usable
 * offline) and are refreshed from the network behind it.
 *
 * F12 opens the payment; a completed sale shows its slip until Enter starts the next one.
 */
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { EmptyState, ErrorState, Input, Spinner } from '@jowi/ui';
import {
  type KeyboardEvent,
  type ReactNode,
  useCallback,
  useEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
} from 'react';
import type { SaleOutcome } from '../../../shared/pos-types.ts';
import { useProductsQuery } from '../../__generated__/hooks.ts';
import { cartReducer } from '../../lib/cart.ts';
import { FailureMessage } from '../../lib/host-call.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { filterProducts } from '../../lib/search.ts';
import { useTillSession } from '../../lib/till-session.tsx';
import { PaymentDialog } from '../payment/payment-dialog.tsx';
import { CUSTOMER_KEY, RECEIPT_DISCOUNT_KEY, useSaleExtras } from '../payment/sale-extras.tsx';
import { RefundDialog } from '../refund/refund-dialog.tsx';
import { Header, HeaderAction } from '../shell/header.tsx';
import { ShiftDialog, type ShiftTab } from '../shift/shift-dialog.tsx';
import { SlipView } from '../slip/slip-view.tsx';
import { DiscountDialog, isMeasured, WeightDialog } from './amount-dialogs.tsx';
import { CartPanel, PAY_KEY } from './cart-panel.tsx';
import { optionId, PRODUCT_LIST_ID, ProductList, type SellProduct } from './product-list.tsx';

/** The permission a cashier needs for a discount (the host enforces it as well). */
const DISCOUNT_PERMISSION = 'sales:discount';
/** The key that discounts the last line of the cart. */
const DISCOUNT_KEY = 'F4';
/** The key that opens the refund by receipt. */
const REFUND_KEY = 'F7';
/** Keys that open the shift dialog on one of its tabs. */
const SHIFT_KEYS: Record<string, ShiftTab> = { F8: 'cash', F9: 'close' };

/** The API's page cap; larger catalogs come with catalogChanges sync and virtualisation. */
const PAGE = 250;

export function SellScreen() {
  const { t } = useI18n();
  const { data, error, loading, refetch } = useProductsQuery({
    variables: { first: PAGE, filter: { active: true } },
    fetchPolicy: 'cache-and-network',
    nextFetchPolicy: 'cache-first',
  });
  const products = useMemo(() => data?.products.edges.map((edge) => edge.node) ?? [], [data]);
  const [query, setQuery] = useState('');
  const [activeIndex, setActiveIndex] = useState(0);
  const [cart, dispatch] = useReducer(cartReducer, []);
  const [stage, setStage] = useState<Stage>({ name: 'cart' });
  const { locked } = useTillSession().session;
  const search = useRef<HTMLInputElement>(null);
  const [shiftTab, setShiftTab] = useState<ShiftTab | null>(null);
  const [refunding, setRefunding] = useState(false);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const { cashier } = useTillSession().session;
  const mayDiscount = Boolean(cashier?.permissions.includes(DISCOUNT_PERMISSION));
  const lastLine = cart.at(-1);
  const focusSearch = useCallback(() => search.current?.focus(), []);
  const extras = useSaleExtras(cart, dispatch, { mayDiscount, onAdded: focusSearch });
  const selling =
    stage.name === 'cart' && !locked && shiftTab === null && !refunding && prompt === null && !extras.open;

  const visible = useMemo(() => filterProducts(products, query), [products, query]);
  const active = Math.min(activeIndex, Math.max(visible.length - 1, 0));
  const activeProduct = visible[active];

  // A measured product asks for its weight first; a piece good goes into the cart (through the
  // modifier picker when it has modifier groups).
  const { add: addPiece } = extras;
  const add = useCallback(
    (product: SellProduct) => {
      if (isMeasured(product.unit)) {
        setPrompt({ name: 'weigh', product });
        return;
      }
      void addPiece(product);
    },
    [addPiece],
  );

  // Catch up as soon as the connection is back instead of waiting for the next restart.
  useEffect(() => {
    const catchUp = () => void refetch();
    window.addEventListener('online', catchUp);
    return () => window.removeEventListener('online', catchUp);
  }, [refetch]);

  // Keep the selected row in view while arrowing through the list.
  useEffect(() => {
    if (activeProduct)
      document.getElementById(optionId(activeProduct.id))?.scrollIntoView({ block: 'nearest' });
  }, [activeProduct]);

  // Marked lines get their codes first, then the payment opens.
  const { checkout, reset: resetExtras, adding } = extras;
  const pay = useCallback(() => {
    if (cart.length || adding) checkout(() => setStage({ name: 'pay' }));
  }, [cart.length, adding, checkout]);

  const newSale = useCallback(() => {
    dispatch({ type: 'clear' });
    resetExtras();
    setStage({ name: 'cart' });
  }, [resetExtras]);

  // Return focus to the search box when the cart is back on screen (after a sale, after the PIN).
  useEffect(() => {
    if (selling) search.current?.focus();
  }, [selling]);

  const { openCustomer, openDiscount } = extras;
  // F12 pays, F3 customer, Shift+F4 receipt discount, F8 cash in/out, F9 X report and closing.
  useEffect(() => {
    if (!selling) return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      const shiftTab = SHIFT_KEYS[event.key];
      if (event.key === CUSTOMER_KEY || (event.key === RECEIPT_DISCOUNT_KEY && event.shiftKey)) {
        event.preventDefault();
        if (event.key === CUSTOMER_KEY) openCustomer();
        else if (cart.length) openDiscount();
        return;
      }
      if (event.key !== PAY_KEY && event.key !== REFUND_KEY && event.key !== DISCOUNT_KEY && !shiftTab)
        return;
      event.preventDefault();
      if (shiftTab) setShiftTab(shiftTab);
      else if (event.key === REFUND_KEY) setRefunding(true);
      else if (event.key === DISCOUNT_KEY) {
        if (lastLine) setPrompt({ name: 'discount', key: lastLine.key, lineName: lastLine.name });
      } else pay();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selling, pay, lastLine, openCustomer, openDiscount, cart.length]);

  // A key typed while focus is elsewhere (after a click, a scanner's code) still goes to the search box.
  useEffect(() => {
    if (!selling) return;
    const redirect = (event: globalThis.KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.ctrlKey || event.metaKey || event.altKey || event.key.length !== 1) return;
      if (target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      search.current?.focus();
    };
    window.addEventListener('keydown', redirect);
    return () => window.removeEventListener('keydown', redirect);
  }, [selling]);

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setActiveIndex(Math.min(active + 1, visible.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setActiveIndex(Math.max(active - 1, 0));
        break;
      case 'Enter':
        event.preventDefault();
        if (activeProduct) {
          add(activeProduct);
          setQuery('');
          setActiveIndex(0);
        }
        break;
      case 'Escape':
        setQuery('');
        setActiveIndex(0);
        break;
    }
  }

  let body: ReactNode;
  if (!data && loading) body = <Spinner size="lg" label={t('sell.loading')} className="m-auto p-12" />;
  else if (!data && error) {
    body = (
      <ErrorState
        className="m-4"
        title={t('sell.error')}
        retryLabel={t('sell.retry')}
        onRetry={() => void refetch()}
      />
    );
  } else if (!products.length) body = <EmptyState title={t('sell.empty')} />;
  else if (!visible.length) body = <EmptyState title={t('sell.noMatch')} />;
  else body = <ProductList products={visible} activeIndex={active} onPick={add} />;

  return (
    <div className="flex h-screen flex-col">
      {/* Cached data plus a transport failure means we are selling offline from the saved catalog. */}
      <Header offline={Boolean(data && error && !CombinedGraphQLErrors.is(error))}>
        <HeaderAction
          label={t('refund.open')}
          shortcut={REFUND_KEY}
          testId="refund"
          onClick={() => setRefunding(true)}
        />
        <HeaderAction label={t('shift.cashMoves')} shortcut="F8" onClick={() => setShiftTab('cash')} />
        <HeaderAction
          label={t('shift.xAndClose')}
          shortcut="F9"
          testId="close-shift"
          onClick={() => setShiftTab('close')}
        />
      </Header>
      {stage.name === 'slip' ? (
        <SlipView key={stage.outcome.sale.id} outcome={stage.outcome} onNewSale={newSale} />
      ) : (
        <div className="grid min-h-0 flex-1 grid-cols-[minmax(0,1fr)_24rem]">
          <section className="flex min-h-0 flex-col">
            <div className="border-b p-3">
              <Input
                ref={search}
                data-testid="search"
                type="search"
                role="combobox"
                aria-expanded={visible.length > 0}
                aria-controls={PRODUCT_LIST_ID}
                aria-activedescendant={activeProduct ? optionId(activeProduct.id) : undefined}
                aria-autocomplete="list"
                autoFocus
                autoComplete="off"
                spellCheck={false}
                className="h-12 text-base"
                placeholder={t('sell.search')}
                aria-label={t('sell.search')}
                value={query}
                onChange={(e) => {
                  setQuery(e.target.value);
                  setActiveIndex(0);
                }}
                onKeyDown={onKeyDown}
              />
              <p className="mt-2 text-xs text-muted-foreground">{t('sell.hint')}</p>
              <FailureMessage error={extras.addError} testId="add-error" />
            </div>
            <div className="min-h-0 flex-1 overflow-y-auto">{body}</div>
          </section>
          <CartPanel lines={cart} dispatch={dispatch} onPay={pay} extras={extras} />
        </div>
      )}
      {prompt?.name === 'weigh' ? (
        <WeightDialog
          name={prompt.product.name}
          unit={prompt.product.unit}
          onClose={() => setPrompt(null)}
          onWeighed={(quantity) => {
            dispatch({ type: 'add', product: prompt.product, quantity });
            setPrompt(null);
          }}
        />
      ) : null}
      {prompt?.name === 'discount' ? (
        <DiscountDialog
          name={prompt.lineName}
          allowed={mayDiscount}
          onClose={() => setPrompt(null)}
          onDiscount={(discount) => {
            dispatch({ type: 'setDiscount', key: prompt.key, discount });
            setPrompt(null);
          }}
        />
      ) : null}
      {extras.dialogs}
      {refunding ? <RefundDialog onClose={() => setRefunding(false)} /> : null}
      {shiftTab ? <ShiftDialog tab={shiftTab} onTab={setShiftTab} onClose={() => setShiftTab(null)} /> : null}
      {stage.name === 'pay' ? (
        <PaymentDialog
          lines={cart}
          discount={extras.discount}
          customer={extras.customer}
          catalogVersion={null}
          onClose={() => setStage({ name: 'cart' })}
          onCompleted={(outcome) => setStage({ name: 'slip', outcome })}
        />
      ) : null}
    </div>
  );
}

/** A prompt over the cart: the weight of a measured product, or a discount on a line. */
type Prompt = { name: 'weigh'; product: SellProduct } | { name: 'discount'; key: string; lineName: string };

/** What the sell screen shows: the cart, the payment over it, or the finished sale's slip. */
type Stage = { name: 'cart' } | { name: 'pay' } | { name: 'slip'; outcome: SaleOutcome };
