'use client';

/**
 * The product search shared by the transfer, stock-take and recipe forms: type, then pick a
 * match with the mouse or with ↓/↑ and Enter (keyboard-first, like the till). Products already
 * chosen are left out of the matches. It reads through the inventory pages' shared
 * `InventoryProductSearch` operation (`_shared/inventory-shared.graphql`).
 */
import { Input, Spinner } from '@jowi/ui';
import { useId, useState } from 'react';
import {
  InventoryProductSearchDocument,
  type InventoryProductSearchQuery,
} from '../../../../__generated__/graphql.ts';
import { fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import { useCachedQuery } from '../../../../lib/use-cached-query.ts';
import { useDebouncedValue } from '../../../../lib/use-debounced-value.ts';

/** A product as the forms hold it. */
export type PickedProduct = InventoryProductSearchQuery['products']['edges'][number]['node'];

export function ProductPicker({
  onPick,
  exclude = [],
  label,
  placeholder,
  testId = 'product-picker',
  autoFocus,
}: {
  onPick: (product: PickedProduct) => void;
  exclude?: readonly string[];
  label?: string;
  placeholder?: string;
  testId?: string;
  autoFocus?: boolean;
}) {
  const { dict } = useI18n();
  const t = dict.inventoryOps.picker;
  const id = useId();
  const [search, setSearch] = useState('');
  const [active, setActive] = useState(0);
  const term = useDebouncedValue(search.trim(), 250);
  const { data, loading } = useCachedQuery(InventoryProductSearchDocument, { search: term }, { skip: !term });
  const matches = term
    ? (data?.products.edges.map((edge) => edge.node).filter((node) => !exclude.includes(node.id)) ?? [])
    : [];

  const pick = (product: PickedProduct | undefined) => {
    if (!product) return;
    onPick(product);
    setSearch('');
    setActive(0);
  };

  return (
    <div className="relative grid gap-1">
      <label htmlFor={id} className="text-sm font-medium">
        {label ?? t.label}
      </label>
      <Input
        id={id}
        type="search"
        autoComplete="off"
        autoFocus={autoFocus}
        placeholder={placeholder ?? t.placeholder}
        value={search}
        role="combobox"
        aria-expanded={matches.length > 0}
        aria-controls={`${id}-list`}
        aria-activedescendant={matches.length > 0 ? `${id}-option-${active}` : undefined}
        onChange={(event) => {
          setSearch(event.target.value);
          setActive(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown') setActive((i) => Math.min(i + 1, Math.max(matches.length - 1, 0)));
          else if (event.key === 'ArrowUp') setActive((i) => Math.max(i - 1, 0));
          else if (event.key === 'Enter') pick(matches[active]);
          else if (event.key === 'Escape' && search) setSearch('');
          else return;
          event.preventDefault();
          event.stopPropagation();
        }}
        data-testid={testId}
      />
      {term ? (
        <div className="absolute top-full z-20 mt-1 w-full rounded-md border border-border bg-card text-card-foreground shadow-md">
          {loading && !data ? (
            <div className="flex justify-center p-3">
              <Spinner size="sm" label={t.searching} />
            </div>
          ) : matches.length === 0 ? (
            <p className="p-3 text-sm text-muted-foreground">{fill(t.noMatch, { search: term })}</p>
          ) : (
            <div
              id={`${id}-list`}
              role="listbox"
              aria-label={label ?? t.label}
              className="max-h-64 overflow-auto p-1"
            >
              {matches.map((product, index) => (
                <div
                  key={product.id}
                  id={`${id}-option-${index}`}
                  role="option"
                  tabIndex={-1}
                  aria-selected={index === active}
                  className={`flex cursor-pointer justify-between gap-3 rounded px-2 py-1.5 text-sm ${
                    index === active ? 'bg-muted' : ''
                  }`}
                  onMouseEnter={() => setActive(index)}
                  onMouseDown={(event) => {
                    event.preventDefault();
                    pick(product);
                  }}
                  data-testid={`${testId}-option`}
                >
                  <span className="font-medium">{product.name}</span>
                  <span className="text-muted-foreground tabular-nums">{product.sku}</span>
                </div>
              ))}
            </div>
          )}
        </div>
      ) : null}
    </div>
  );
}
