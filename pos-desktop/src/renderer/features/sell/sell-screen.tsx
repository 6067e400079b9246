/**
 * The sell screen, keyboard-first: the search box has focus from the start and keeps it.
 * Typing searches the till's local catalog (the POS host's store, through the generated `@client`
 * hooks: Latin or Cyrillic, apostrophes optional, SKU, barcode), ↑/↓ move the selection by a row
 * of the grid, Enter adds it to the cart, Esc clears the search. A barcode scanner is just fast
 * typing followed by Enter: Enter on the first row reads the first match of what was typed at that
 * moment, never a row left on screen from a shorter query.
 *
 * The grid is virtualised (100 000 products scroll as smoothly as 12), filtered by category, and
 * has a favourites shelf (the quick grid) the host keeps per terminal. Each cart line is priced
 * when it is added; the sale records the catalog version its lines were read at, and a price
 * change arriving through the feed reaches the next line read, never a line already in the cart.
 *
 * F12 opens the payment; a completed sale shows its slip until Enter starts the next one.
 */
import { displayTime, formatDecimalString, NUMBER_FORMATS } from '@jowi/receipt';
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
import { POS_ERRORS, type PosErrorCode } from '../../../shared/pos-errors.ts';
import type { SaleOutcome } from '../../../shared/pos-types.ts';
import { useSetTillFavouriteMutation } from '../../__generated__/hooks.ts';
import { cartReducer } from '../../lib/cart.ts';
import { FailureMessage } from '../../lib/host-call.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { useTillSession } from '../../lib/till-session.tsx';
import { useCatalogText } from '../catalog/catalog-text.ts';
import { CategoryBar, type Shelf } from '../catalog/category-bar.tsx';
import { CatalogReadError } from '../catalog/local-resolvers.ts';
import {
  type CatalogFilter,
  newerVersion,
  useCatalogShelves,
  useCatalogStatus,
  useCatalogWindow,
  useFirstMatch,
} from '../catalog/use-catalog.ts';
import { PaymentDialog } from '../payment/payment-dialog.tsx';
import { CUSTOMER_KEY, RECEIPT_DISCOUNT_KEY, useSaleExtras } from '../payment/sale-extras.tsx';
import { RefundDialog } from '../refund/refund-dialog.tsx';
import { Header, HeaderAction } from '../shell/header.tsx';
import { ShiftDialog, type ShiftTab } from '../shift/shift-dialog.tsx';
import { SlipView } from '../slip/slip-view.tsx';
import { DiscountDialog, isMeasured, WeightDialog } from './amount-dialogs.tsx';
import { CartPanel, PAY_KEY } from './cart-panel.tsx';
import { type GridRange, optionId, PRODUCT_LIST_ID, ProductGrid, type SellProduct } from './product-list.tsx';

/** The permission a cashier needs for a discount (the host enforces it as well). */
const DISCOUNT_PERMISSION = 'sales:discount';
/** The key that discounts the last line of the cart. */
const DISCOUNT_KEY = 'F4';
/** The key that opens the refund by receipt. */
const REFUND_KEY = 'F7';
/** Keys that open the shift dialog on one of its tabs. */
const SHIFT_KEYS: Record<string, ShiftTab> = { F8: 'cash', F9: 'close' };

export function SellScreen() {
  const { t, language } = useI18n();
  const text = useCatalogText();
  const { status, error: statusError } = useCatalogStatus();
  const version = status?.version ?? null;
  const [query, setQuery] = useState('');
  const [shelf, setShelf] = useState<Shelf>({ kind: 'all' });
  const [range, setRange] = useState<GridRange>({ first: 0, last: 0 });
  const [columns, setColumns] = useState(4);
  const [activeIndex, setActiveIndex] = useState(0);
  const [cart, dispatch] = useReducer(cartReducer, []);
  /** The newest catalog version a line of this cart was priced with (recorded with the sale). */
  const [cartVersion, setCartVersion] = useState<string | null>(null);
  const [favouriteFailure, setFavouriteFailure] = useState<PosErrorCode | null>(null);
  const [stage, setStage] = useState<Stage>({ name: 'cart' });
  const { locked } = useTillSession().session;
  const search = useRef<HTMLInputElement>(null);
  const [shiftTab, setShiftTab] = useState<ShiftTab | null>(null);
  const [refunding, setRefunding] = useState(false);
  const [prompt, setPrompt] = useState<Prompt | null>(null);
  const { cashier } = useTillSession().session;
  const mayDiscount = Boolean(cashier?.permissions.includes(DISCOUNT_PERMISSION));
  const lastLine = cart.at(-1);
  // A product lookup may end after F3 (or another dialog) opened: focus then stays in the dialog —
  // taking it back to the search box sent the cashier's Enter there (an offline-day flake).
  const sellingNow = useRef(false);
  const focusSearch = useCallback(() => {
    if (sellingNow.current) search.current?.focus();
  }, []);
  const extras = useSaleExtras(cart, dispatch, { mayDiscount, onAdded: focusSearch });
  const selling =
    stage.name === 'cart' && !locked && shiftTab === null && !refunding && prompt === null && !extras.open;
  sellingNow.current = selling;

  const filter = useMemo<CatalogFilter>(
    () => ({ query: query.trim(), categoryId: shelf.kind === 'category' ? shelf.id : null }),
    [query, shelf],
  );
  const list = useCatalogWindow(filter, range, version);
  const shelves = useCatalogShelves(version);
  const firstMatch = useFirstMatch();
  const [setFavourite] = useSetTillFavouriteMutation();
  const showFavourites = shelf.kind === 'favourites' && !filter.query;
  const count = showFavourites ? shelves.favourites.length : list.total;
  const listItemAt = list.itemAt;
  const itemAt = useCallback(
    (index: number) => (showFavourites ? shelves.favourites[index] : listItemAt(index)),
    [showFavourites, shelves.favourites, listItemAt],
  );
  const active = Math.min(activeIndex, Math.max(count - 1, 0));
  const activeProduct = itemAt(active);

  // A new search or shelf starts at the top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the filter changes.
  useEffect(() => setActiveIndex(0), [filter, showFavourites]);
  // An empty cart has no catalog version yet.
  useEffect(() => {
    if (cart.length === 0) setCartVersion(null);
  }, [cart.length]);

  // A measured product asks for its weight first; a piece good goes into the cart (through the
  // modifier picker when it has modifier groups).
  const { add: addPiece } = extras;
  const add = useCallback(
    (product: SellProduct) => {
      setCartVersion((current) => newerVersion(current, product.catalogVersion));
      if (isMeasured(product.unit)) {
        setPrompt({ name: 'weigh', product });
        return;
      }
      void addPiece(product);
    },
    [addPiece],
  );

  const toggleFavourite = useCallback(
    async (product: SellProduct, pinned: boolean) => {
      setFavouriteFailure(null);
      try {
        await setFavourite({ variables: { productId: product.id, pinned } });
        await shelves.refetchFavourites();
      } catch (error) {
        const code = error instanceof CatalogReadError ? error.code : 'INTERNAL_ERROR';
        setFavouriteFailure(code in POS_ERRORS ? (code as PosErrorCode) : 'INTERNAL_ERROR');
      }
    },
    [setFavourite, shelves.refetchFavourites],
  );

  // Marked lines get their codes first, then the payment opens.
  const { checkout, reset: resetExtras, adding } = extras;
  // A cart key right after a scan (Enter, then F12 or F4 at scanner speed) must not be lost while
  // the scan's lookup is under way: it is queued behind pending lookups and handled once their
  // lines are in the cart.
  const [cartKey, setCartKey] = useState<{ action: 'pay' | 'discount'; n: number } | null>(null);
  const afterScans = useCallback((action: 'pay' | 'discount') => {
    void entering.current.then(() => setCartKey((last) => ({ action, n: (last?.n ?? 0) + 1 })));
  }, []);
  const pay = useCallback(() => afterScans('pay'), [afterScans]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs once per queued key only.
  useEffect(() => {
    if (cartKey?.action === 'pay' && (cart.length || adding)) checkout(() => setStage({ name: 'pay' }));
    if (cartKey?.action === 'discount' && lastLine)
      setPrompt({ name: 'discount', key: lastLine.key, lineName: lastLine.name });
  }, [cartKey]);

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
      else if (event.key === DISCOUNT_KEY) afterScans('discount');
      else pay();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [selling, pay, afterScans, openCustomer, openDiscount, cart.length]);

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

  const move = (to: number) => setActiveIndex(Math.max(0, Math.min(to, count - 1)));
  // Enter keeps the order of what was scanned even though each lookup is a call to the host.
  const entering = useRef<Promise<void>>(Promise.resolve());

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    const page = Math.max(1, Math.floor((range.last - range.first + 1) / columns) - 1) * columns;
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        move(active + columns);
        break;
      case 'ArrowUp':
        event.preventDefault();
        move(active - columns);
        break;
      case 'ArrowRight':
      case 'ArrowLeft':
        // With text in the box the arrows edit it; an empty box lets them walk the grid.
        if (query) break;
        event.preventDefault();
        move(active + (event.key === 'ArrowRight' ? 1 : -1));
        break;
      case 'PageDown':
        event.preventDefault();
        move(active + page);
        break;
      case 'PageUp':
        event.preventDefault();
        move(active - page);
        break;
      case 'Enter': {
        event.preventDefault();
        const typed = { ...filter };
        const picked = activeProduct;
        const fresh = active === 0 && typed.query !== '' && !showFavourites;
        entering.current = entering.current.then(async () => {
          const product = fresh ? await firstMatch(typed).catch(() => null) : picked;
          if (product) add(product);
        });
        setQuery('');
        setActiveIndex(0);
        break;
      }
      case 'Escape':
        setQuery('');
        setActiveIndex(0);
        break;
    }
  }

  let body: ReactNode;
  const listError = list.error ?? statusError;
  if (listError && !list.total && !showFavourites) {
    body = (
      <ErrorState
        className="m-4"
        title={t('sell.error')}
        retryLabel={t('sell.retry')}
        onRetry={() => list.refetch()}
      />
    );
  } else if (!status || (list.initialLoading && !showFavourites)) {
    body = <Spinner size="lg" label={t('sell.loading')} className="m-auto p-12" />;
  } else if (status.products === 0) {
    body = status.pulling ? (
      <Spinner size="lg" label={text('syncing')} className="m-auto p-12" />
    ) : (
      <EmptyState title={text('catalogEmpty')} />
    );
  } else if (showFavourites && !shelves.favouritesLoading && count === 0) {
    body = <EmptyState title={text('noFavourites')} />;
  } else if (count === 0 && list.settled) body = <EmptyState title={t('sell.noMatch')} />;
  else {
    body = (
      <ProductGrid
        count={count}
        itemAt={itemAt}
        activeIndex={active}
        favouriteIds={shelves.favouriteIds}
        onPick={add}
        onToggleFavourite={(product, pinned) => void toggleFavourite(product, pinned)}
        onRange={setRange}
        onColumns={setColumns}
        listKey={`${showFavourites ? 'favourites' : 'list'}\u0000${filter.categoryId ?? ''}\u0000${filter.query}`}
      />
    );
  }

  return (
    <div className="flex h-screen flex-col">
      {/* The last pull could not reach the server: the till sells from its stored catalog. */}
      <Header offline={status?.lastError === 'network'}>
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
                aria-expanded={count > 0}
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
              <p className="mt-2 flex gap-3 text-xs text-muted-foreground">
                <span className="min-w-0 flex-1 truncate">{text('hint')}</span>
                {status ? (
                  <span data-testid="catalog-status" data-version={status.version ?? ''} className="shrink-0">
                    {formatDecimalString(String(status.products), NUMBER_FORMATS[language])}{' '}
                    {text('products')}
                    {status.pulledAt ? ` · ${text('updated')} ${displayTime(status.pulledAt, language)}` : ''}
                  </span>
                ) : null}
              </p>
              {favouriteFailure ? (
                <p role="alert" className="mt-1 text-xs text-destructive">
                  {POS_ERRORS[favouriteFailure].messages[language]}
                </p>
              ) : null}
              <FailureMessage error={extras.addError} testId="add-error" />
            </div>
            <CategoryBar
              shelf={shelf}
              categories={shelves.categories}
              favourites={shelves.favourites.length}
              onShelf={(next) => {
                setShelf(next);
                search.current?.focus();
              }}
            />
            <div className="min-h-0 flex-1">{body}</div>
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
          catalogVersion={cartVersion}
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
