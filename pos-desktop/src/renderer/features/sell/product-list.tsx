/**
 * The product grid: a listbox driven from the search box (`aria-activedescendant`), so focus never
 * leaves the search field. Virtualised by rows (TanStack Virtual): only the rows on screen (plus a
 * few) exist in the DOM, whether the list holds 12 products or 100 000; a row whose products are
 * not read yet shows placeholders. Tiles are memoised: moving the selection re-renders two tiles.
 */

import { parseMoney } from '@jowi/receipt';
import { cn } from '@jowi/ui';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useI18n } from '../../lib/i18n.tsx';
import { useCatalogText } from '../catalog/catalog-text.ts';
import type { TillProduct } from '../catalog/use-catalog.ts';

/** A product as the sell screen lists it. */
export type SellProduct = TillProduct;

/** DOM id of a product's tile, for `aria-activedescendant`. */
export const optionId = (productId: string) => `product-${productId}`;

export const PRODUCT_LIST_ID = 'product-list';

/** Tile geometry: a row's height and the narrowest a tile may be. */
const ROW_HEIGHT = 84;
const MIN_TILE_WIDTH = 190;

export interface GridRange {
  first: number;
  last: number;
}

interface ProductGridProps {
  count: number;
  itemAt(index: number): SellProduct | undefined;
  activeIndex: number;
  favouriteIds: ReadonlySet<string>;
  onPick(product: SellProduct): void;
  onToggleFavourite(product: SellProduct, pinned: boolean): void;
  /** The products on screen changed (to read their blocks). */
  onRange(range: GridRange): void;
  /** Columns per row changed (↑/↓ move by a row). */
  onColumns(columns: number): void;
  /** Changes with the search or shelf: the grid goes back to the top. */
  listKey: string;
}

export function ProductGrid({
  count,
  itemAt,
  activeIndex,
  favouriteIds,
  onPick,
  onToggleFavourite,
  onRange,
  onColumns,
  listKey,
}: ProductGridProps) {
  const { t } = useI18n();
  const scroller = useRef<HTMLDivElement>(null);
  const [columns, setColumns] = useState(4);

  useLayoutEffect(() => {
    const element = scroller.current;
    if (!element) return;
    const measure = () => setColumns(Math.max(1, Math.floor(element.clientWidth / MIN_TILE_WIDTH)));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  useEffect(() => onColumns(columns), [columns, onColumns]);

  const rows = Math.ceil(count / columns);
  const virtualizer = useVirtualizer({
    count: rows,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 4,
  });
  const virtualRows = virtualizer.getVirtualItems();
  const firstRow = virtualRows[0]?.index ?? 0;
  const lastRow = virtualRows.at(-1)?.index ?? 0;
  useEffect(() => {
    onRange({ first: firstRow * columns, last: Math.min(count, (lastRow + 1) * columns) - 1 });
  }, [firstRow, lastRow, columns, count, onRange]);

  // A new search or shelf starts at the top.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs when the list changes.
  useEffect(() => {
    scroller.current?.scrollTo({ top: 0 });
  }, [listKey]);

  // Keep the selected tile in view while arrowing through the grid — only when the selection
  // moves, so a list that grows or shrinks under the cashier's scroll does not jump back to it.
  const activeRow = Math.floor(activeIndex / columns);
  const shownRow = useRef(activeRow);
  useEffect(() => {
    if (shownRow.current === activeRow || rows === 0) return;
    shownRow.current = activeRow;
    virtualizer.scrollToIndex(Math.min(activeRow, rows - 1), { align: 'auto' });
  }, [activeRow, rows, virtualizer]);

  return (
    <div
      ref={scroller}
      id={PRODUCT_LIST_ID}
      role="listbox"
      aria-label={t('sell.search')}
      data-testid="product-grid"
      data-count={count}
      className="h-full overflow-y-auto px-2"
    >
      <div className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {virtualRows.map((row) => (
          <div
            key={row.key}
            className="absolute inset-x-0 grid gap-2 py-1"
            style={{
              top: 0,
              height: ROW_HEIGHT,
              transform: `translateY(${row.start}px)`,
              gridTemplateColumns: `repeat(${columns}, minmax(0, 1fr))`,
            }}
          >
            {Array.from({ length: columns }, (_, column) => {
              const index = row.index * columns + column;
              if (index >= count) return <div key={`empty-${index}`} />;
              const product = itemAt(index);
              if (!product) return <TilePlaceholder key={`wait-${index}`} />;
              return (
                <ProductTile
                  key={product.id}
                  product={product}
                  index={index}
                  active={index === activeIndex}
                  pinned={favouriteIds.has(product.id)}
                  onPick={onPick}
                  onToggleFavourite={onToggleFavourite}
                />
              );
            })}
          </div>
        ))}
      </div>
    </div>
  );
}

function TilePlaceholder() {
  return <div aria-hidden className="animate-pulse rounded-md bg-muted" />;
}

/** One product: name, SKU, price, and the ☆ that pins it to the favourites. */
export const ProductTile = memo(function ProductTile({
  product,
  index,
  active,
  pinned,
  onPick,
  onToggleFavourite,
}: {
  product: SellProduct;
  index: number;
  active: boolean;
  pinned: boolean;
  onPick(product: SellProduct): void;
  onToggleFavourite(product: SellProduct, pinned: boolean): void;
}) {
  const { money } = useI18n();
  const text = useCatalogText();
  return (
    // Keyboard users act through the search box (combobox pattern); the click is for touch and mouse.
    // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard handled by the search combobox.
    <div
      id={optionId(product.id)}
      data-testid="product-tile"
      data-index={index}
      data-sku={product.sku}
      role="option"
      aria-selected={active}
      tabIndex={-1}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onPick(product)}
      className={cn(
        'flex min-w-0 cursor-pointer flex-col justify-between rounded-md border px-3 py-2 select-none',
        active ? 'border-primary bg-primary text-primary-foreground' : 'bg-card hover:bg-muted',
      )}
    >
      <div className="flex items-start gap-1">
        <p className="line-clamp-2 min-w-0 flex-1 text-sm leading-tight font-medium">{product.name}</p>
        <button
          type="button"
          data-testid="favourite-toggle"
          aria-pressed={pinned}
          aria-label={pinned ? text('unpin') : text('pin')}
          title={pinned ? text('unpin') : text('pin')}
          onMouseDown={(e) => e.preventDefault()}
          onClick={(e) => {
            e.stopPropagation();
            onToggleFavourite(product, !pinned);
          }}
          className={cn(
            'shrink-0 rounded px-1 text-base leading-none',
            pinned ? 'text-warning' : active ? 'text-primary-foreground/70' : 'text-muted-foreground',
          )}
        >
          {pinned ? '★' : '☆'}
        </button>
      </div>
      <div className="flex items-end justify-between gap-2">
        <p
          className={cn('truncate text-xs', active ? 'text-primary-foreground/80' : 'text-muted-foreground')}
        >
          {product.sku}
        </p>
        <p className="shrink-0 text-sm font-semibold tabular-nums" data-testid="product-price">
          {money(parseMoney(product.price))}
        </p>
      </div>
    </div>
  );
});
