/**
 * The product list as a listbox driven from the search box (`aria-activedescendant`), so focus
 * never leaves the search field. Rows are memoised: moving the selection re-renders two rows,
 * not 250.
 */

import { parseMoney } from '@jowi/receipt';
import { cn } from '@jowi/ui';
import { memo } from 'react';
import type { ProductsQuery } from '../../__generated__/graphql.ts';
import { useI18n } from '../../lib/i18n.tsx';

/** A product as the sell screen lists it. */
export type SellProduct = ProductsQuery['products']['edges'][number]['node'];

/** DOM id of a product's row, for `aria-activedescendant` and scrolling. */
export const optionId = (productId: string) => `product-${productId}`;

export const PRODUCT_LIST_ID = 'product-list';

interface ProductListProps {
  products: readonly SellProduct[];
  activeIndex: number;
  onPick(product: SellProduct): void;
}

export function ProductList({ products, activeIndex, onPick }: ProductListProps) {
  const { t } = useI18n();
  return (
    <div
      id={PRODUCT_LIST_ID}
      role="listbox"
      aria-label={t('sell.search')}
      className="flex flex-col gap-0.5 p-2"
    >
      {products.map((product, index) => (
        <ProductRow key={product.id} product={product} active={index === activeIndex} onPick={onPick} />
      ))}
    </div>
  );
}

const ProductRow = memo(function ProductRow({
  product,
  active,
  onPick,
}: {
  product: SellProduct;
  active: boolean;
  onPick(product: SellProduct): void;
}) {
  const { money } = useI18n();
  return (
    // Keyboard users act through the search box (combobox pattern); the click is for touch and mouse.
    // biome-ignore lint/a11y/useKeyWithClickEvents: keyboard handled by the search combobox.
    <div
      id={optionId(product.id)}
      data-testid="product-tile"
      role="option"
      aria-selected={active}
      tabIndex={-1}
      onMouseDown={(e) => e.preventDefault()}
      onClick={() => onPick(product)}
      className={cn(
        'flex cursor-pointer items-center gap-3 rounded-md px-3 py-2 select-none',
        active ? 'bg-primary text-primary-foreground' : 'hover:bg-muted',
      )}
    >
      <div className="min-w-0 flex-1">
        <p className="truncate font-medium">{product.name}</p>
        <p
          className={cn('truncate text-xs', active ? 'text-primary-foreground/80' : 'text-muted-foreground')}
        >
          {product.sku}
        </p>
      </div>
      <p className="shrink-0 font-semibold tabular-nums">{money(parseMoney(product.price))}</p>
    </div>
  );
});
