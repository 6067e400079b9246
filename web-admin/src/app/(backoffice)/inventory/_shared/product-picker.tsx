'use client';

/**
 * Finding a product by name, SKU or barcode (the catalog's `products` search, debounced): the
 * matches drop down under the field; arrow keys move, Enter chooses, Escape closes. A scanner's
 * code followed by Enter chooses the single match.
 */
import { Input, Label, Spinner } from '@jowi/ui';
import { useId, useState } from 'react';
import {
  InventoryProductSearchDocument,
  type InventoryProductSearchQuery,
} from '../../../../__generated__/graphql.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { useDebouncedValue } from '../../../../lib/use-debounced-value.ts';

export type PickedProduct = InventoryProductSearchQuery['products']['edges'][number]['node'];

export function ProductPicker({
  label,
  onPick,
  testId,
  className,
}: {
  label: string;
  onPick: (product: PickedProduct) => void;
  testId: string;
  className?: string;
}) {
  const { dict } = useI18n();
  const id = useId();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(0);
  const term = useDebouncedValue(text.trim(), 250);
  const { data, loading } = useCachedQuery(InventoryProductSearchDocument, { search: term }, { skip: !term });
  const matches = term ? (data?.products.edges.map((edge) => edge.node) ?? []) : [];
  const shown = open && term !== '';

  const pick = (product: PickedProduct) => {
    onPick(product);
    setText('');
    setOpen(false);
    setActive(0);
  };

  return (
    <div className={`relative grid gap-1 ${className ?? ''}`}>
      <Label htmlFor={id}>{label}</Label>
      <Input
        id={id}
        type="search"
        autoComplete="off"
        aria-expanded={shown}
        aria-controls={`${id}-list`}
        placeholder={dict.inventory.productSearchPlaceholder}
        value={text}
        data-testid={testId}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(0);
        }}
        // Options keep the focus here (mouse-down is prevented), so leaving the field closes at once;
        // a delayed close would also hide the matches of text typed right after (a scanner, a fast hand).
        onBlur={() => setOpen(false)}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') {
            event.preventDefault();
            setOpen(true);
            setActive((index) => Math.min(index + 1, Math.max(matches.length - 1, 0)));
          } else if (event.key === 'ArrowUp') {
            event.preventDefault();
            setActive((index) => Math.max(index - 1, 0));
          } else if (event.key === 'Enter') {
            event.preventDefault();
            const chosen = matches[active];
            if (chosen && term === text.trim()) pick(chosen);
          } else if (event.key === 'Escape') {
            setOpen(false);
          }
        }}
      />
      {shown ? (
        <ul
          id={`${id}-list`}
          aria-label={label}
          className="absolute top-full z-20 mt-1 grid max-h-72 w-full min-w-72 overflow-auto rounded-md border border-border bg-card p-1 text-card-foreground shadow-md"
        >
          {loading && !data ? (
            <li className="flex justify-center p-3">
              <Spinner label={dict.common.loading} />
            </li>
          ) : matches.length === 0 ? (
            <li className="p-3 text-sm text-muted-foreground">{dict.inventory.noProducts}</li>
          ) : (
            matches.map((product, index) => (
              <li key={product.id}>
                <button
                  type="button"
                  tabIndex={-1}
                  aria-current={index === active ? 'true' : undefined}
                  data-testid="product-option"
                  className={`flex w-full cursor-pointer items-center justify-between gap-3 rounded-sm px-2 py-1.5 text-left text-sm ${
                    index === active ? 'bg-accent text-accent-foreground' : ''
                  }`}
                  onMouseDown={(event) => event.preventDefault()}
                  onMouseEnter={() => setActive(index)}
                  onClick={() => pick(product)}
                >
                  <span className="font-medium">{product.name}</span>
                  <span className="text-xs text-muted-foreground tabular-nums">{product.sku}</span>
                </button>
              </li>
            ))
          )}
        </ul>
      ) : null}
    </div>
  );
}
