import type { Row, RowData } from '@tanstack/react-table';
import type { Virtualizer } from '@tanstack/react-virtual';
import { type ReactNode, useRef } from 'react';
import { Button } from '../button.tsx';
import { cn } from '../cn.ts';
import { EmptyState } from '../empty-state.tsx';
import { ErrorState } from '../error-state.tsx';
import type { DataTableMessages } from '../messages.ts';
import type { DataTableFeatures } from './data-table.tsx';
import { useRowNavigation } from './row-navigation.ts';
import type { DataTableColumn } from './types.ts';

/** What the body shows besides rows. */
export interface BodyState {
  loading: boolean;
  error: ReactNode | null;
  onRetry?: () => void;
  /** A filter or search is applied (empty means "no results", not "nothing yet"). */
  filtered: boolean;
  onClearFilters: () => void;
  emptyState?: ReactNode;
}

/** Props of {@link DataTableBody}. */
export interface DataTableBodyProps<T extends RowData> {
  rows: readonly Row<DataTableFeatures, T>[];
  byId: ReadonlyMap<string, DataTableColumn<T>>;
  text: DataTableMessages;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  /** Height of the sticky header: where the first row starts in the scroller. */
  scrollMargin: number;
  rowHeight: number;
  pageRows: number;
  /** Added to a row's index for `aria-rowindex` (earlier pages and header rows). */
  rowIndexOffset: number;
  colSpan: number;
  state: BodyState;
  onRowActivate?: (row: T) => void;
}

const SKELETON_KEYS = ['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'];

/** The rows in view, with spacer rows standing in for the ones scrolled away. */
export function DataTableBody<T extends RowData>({
  rows,
  byId,
  text,
  virtualizer,
  scrollMargin,
  rowHeight,
  pageRows,
  rowIndexOffset,
  colSpan,
  state,
  onRowActivate,
}: DataTableBodyProps<T>) {
  const body = useRef<HTMLTableSectionElement>(null);
  const activate = onRowActivate
    ? (index: number) => rows[index] && onRowActivate(rows[index].original)
    : undefined;
  const navigation = useRowNavigation({
    count: rows.length,
    pageRows,
    virtualizer,
    body,
    onActivate: activate,
  });

  if (state.error) {
    return (
      <StateRow colSpan={colSpan}>
        <ErrorState
          title={text.errorTitle}
          description={state.error}
          onRetry={state.onRetry}
          retryLabel={text.retry}
          className="m-4 border-0"
        />
      </StateRow>
    );
  }
  if (rows.length === 0 && state.loading)
    return <SkeletonRows colSpan={colSpan} rowHeight={rowHeight} label={text.loading} />;
  if (rows.length === 0) {
    return (
      <StateRow colSpan={colSpan}>
        {state.filtered ? (
          <EmptyState
            title={text.noResults}
            action={
              <Button variant="outline" size="sm" onClick={state.onClearFilters}>
                {text.clearFilters}
              </Button>
            }
          />
        ) : (
          (state.emptyState ?? <EmptyState title={text.empty} />)
        )}
      </StateRow>
    );
  }

  const items = virtualizer.getVirtualItems();
  const before = (items[0]?.start ?? scrollMargin) - scrollMargin;
  const after = virtualizer.getTotalSize() - ((items.at(-1)?.end ?? scrollMargin) - scrollMargin);
  return (
    <tbody
      ref={body}
      onKeyDown={navigation.onKeyDown}
      className={cn(state.loading && 'opacity-60 transition-opacity')}
    >
      {/* Spacers stand in for the rows scrolled away, so the scrollbar matches the whole list. */}
      {before > 0 ? <tr data-spacer="" style={{ height: before }} /> : null}
      {items.map((item) => {
        const row = rows[item.index];
        if (!row) return null;
        return (
          <tr
            key={row.id}
            data-index={item.index}
            data-row-id={row.id}
            aria-rowindex={rowIndexOffset + item.index + 1}
            tabIndex={item.index === navigation.active ? 0 : -1}
            onFocus={() => navigation.setActive(item.index)}
            onClick={activate ? () => activate(item.index) : undefined}
            style={{ height: rowHeight }}
            className={cn(
              'border-b outline-none last:border-b-0 hover:bg-muted/50',
              'focus-visible:bg-accent focus-visible:text-accent-foreground focus-visible:shadow-[inset_3px_0_0_var(--ring)]',
              activate && 'cursor-pointer',
            )}
          >
            {row.getVisibleCells().map((cell) => {
              const column = byId.get(cell.column.id);
              return (
                <td
                  key={cell.id}
                  className={cn('truncate px-3', column?.align === 'end' && 'text-right tabular-nums')}
                >
                  {column?.cell(row.original)}
                </td>
              );
            })}
          </tr>
        );
      })}
      {after > 0 ? <tr data-spacer="" style={{ height: after }} /> : null}
    </tbody>
  );
}

function StateRow({ colSpan, children }: { colSpan: number; children: ReactNode }) {
  return (
    <tbody>
      <tr>
        <td colSpan={colSpan}>{children}</td>
      </tr>
    </tbody>
  );
}

function SkeletonRows({ colSpan, rowHeight, label }: { colSpan: number; rowHeight: number; label: string }) {
  return (
    <tbody>
      {SKELETON_KEYS.map((key, i) => (
        <tr
          key={key}
          aria-hidden={i > 0 || undefined}
          style={{ height: rowHeight }}
          className="border-b last:border-b-0"
        >
          <td colSpan={colSpan} className="px-3">
            {i === 0 ? (
              <span role="status" className="sr-only">
                {label}
              </span>
            ) : null}
            <div
              className="h-3 animate-pulse rounded bg-muted"
              style={{ width: `${60 + ((i * 37) % 35)}%` }}
            />
          </td>
        </tr>
      ))}
    </tbody>
  );
}
