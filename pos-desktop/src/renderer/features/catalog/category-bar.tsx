/**
 * What the grid shows: every product, one category, or this terminal's favourites (the quick
 * grid). A row of toggle chips that scrolls sideways when there are many categories; a click
 * never takes focus from the search box.
 */
import { cn } from '@jowi/ui';
import type { TillCategoriesQuery } from '../../__generated__/graphql.ts';
import { useCatalogText } from './catalog-text.ts';

/** The grid's source: all products, a category, or the favourites. */
export type Shelf = { kind: 'all' } | { kind: 'category'; id: string } | { kind: 'favourites' };

type Category = TillCategoriesQuery['tillCategories'][number];

export function CategoryBar({
  shelf,
  categories,
  favourites,
  onShelf,
}: {
  shelf: Shelf;
  categories: readonly Category[];
  favourites: number;
  onShelf(shelf: Shelf): void;
}) {
  const text = useCatalogText();
  return (
    <div
      role="toolbar"
      aria-label={text('categories')}
      className="flex gap-1.5 overflow-x-auto border-b px-3 py-2 whitespace-nowrap"
    >
      <Chip
        testId="favourites-tab"
        selected={shelf.kind === 'favourites'}
        onClick={() => onShelf({ kind: 'favourites' })}
      >
        ★ {text('favourites')} <Count value={favourites} />
      </Chip>
      <Chip testId="category-all" selected={shelf.kind === 'all'} onClick={() => onShelf({ kind: 'all' })}>
        {text('all')}
      </Chip>
      {categories
        .filter((c) => c.productCount > 0)
        .map((c) => (
          <Chip
            key={c.id}
            testId="category-chip"
            selected={shelf.kind === 'category' && shelf.id === c.id}
            onClick={() => onShelf({ kind: 'category', id: c.id })}
          >
            {c.name} <Count value={c.productCount} />
          </Chip>
        ))}
    </div>
  );
}

function Count({ value }: { value: number }) {
  return <span className="text-xs opacity-70 tabular-nums">{value}</span>;
}

function Chip({
  selected,
  testId,
  onClick,
  children,
}: {
  selected: boolean;
  testId: string;
  onClick(): void;
  children: React.ReactNode;
}) {
  return (
    <button
      type="button"
      data-testid={testId}
      aria-pressed={selected}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onClick}
      className={cn(
        'rounded-full border px-3 py-1 text-sm',
        selected ? 'border-primary bg-primary text-primary-foreground' : 'bg-card hover:bg-muted',
      )}
    >
      {children}
    </button>
  );
}
