import type { RowData } from '@tanstack/react-table';
import { cn } from '../cn.ts';
import type { DataTableMessages } from '../messages.ts';
import { Select } from '../select.tsx';
import type { DataTableInstance } from './data-table.tsx';
import { DebouncedInput } from './debounced-input.tsx';
import type { DataTableColumn } from './types.ts';

const ALL = '*';

/** Props of {@link DataTableHead}. */
export interface DataTableHeadProps<T extends RowData> {
  table: DataTableInstance<T>;
  byId: ReadonlyMap<string, DataTableColumn<T>>;
  text: DataTableMessages;
  debounceMs: number;
  /** Render the row of column filters. */
  filterRow: boolean;
}

/** The sticky header: sortable column titles and, when columns have filters, a row of them. */
export function DataTableHead<T extends RowData>({
  table,
  byId,
  text,
  debounceMs,
  filterRow,
}: DataTableHeadProps<T>) {
  const headers = table.getHeaderGroups()[0]?.headers ?? [];
  return (
    <thead className="sticky top-0 z-10 bg-card shadow-[inset_0_-1px_0_var(--border)]">
      <tr>
        {headers.map((header) => {
          const column = byId.get(header.column.id);
          if (!column) return null;
          const sorted = header.column.getIsSorted();
          return (
            <th
              key={header.id}
              scope="col"
              aria-sort={
                sorted === 'asc'
                  ? 'ascending'
                  : sorted === 'desc'
                    ? 'descending'
                    : column.sortable
                      ? 'none'
                      : undefined
              }
              className={cn(
                'h-10 truncate px-3 text-left align-middle font-medium text-muted-foreground',
                column.align === 'end' && 'text-right',
              )}
            >
              {column.sortable ? (
                <button
                  type="button"
                  onClick={header.column.getToggleSortingHandler()}
                  aria-description={text.sortHint}
                  className={cn(
                    'inline-flex max-w-full cursor-pointer items-center gap-1 rounded-sm hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring',
                    column.align === 'end' && 'flex-row-reverse',
                    sorted && 'text-foreground',
                  )}
                >
                  <span className="truncate">{column.header}</span>
                  <SortIcon direction={sorted} />
                </button>
              ) : (
                column.header
              )}
            </th>
          );
        })}
      </tr>
      {filterRow ? (
        <tr>
          {headers.map((header) => {
            const column = byId.get(header.column.id);
            if (!column) return null;
            const value = (header.column.getFilterValue() as string | undefined) ?? '';
            const label = text.filterColumn(column.header);
            return (
              <td key={header.id} className="px-2 pb-2">
                {column.filter?.kind === 'text' ? (
                  <DebouncedInput
                    aria-label={label}
                    placeholder={column.filter.placeholder}
                    value={value}
                    delay={debounceMs}
                    onValueChange={(next) => header.column.setFilterValue(next === '' ? undefined : next)}
                    className="h-8"
                  />
                ) : column.filter?.kind === 'select' ? (
                  <Select
                    aria-label={label}
                    className="h-8"
                    value={value === '' ? ALL : value}
                    options={[{ value: ALL, label: column.filter.allLabel }, ...column.filter.options]}
                    onValueChange={(next) => header.column.setFilterValue(next === ALL ? undefined : next)}
                  />
                ) : null}
              </td>
            );
          })}
        </tr>
      ) : null}
    </thead>
  );
}

function SortIcon({ direction }: { direction: false | 'asc' | 'desc' }) {
  return (
    <svg
      viewBox="0 0 24 24"
      className={cn('size-3.5 shrink-0', !direction && 'opacity-40')}
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      aria-hidden="true"
    >
      {direction === 'asc' ? (
        <path d="m6 15 6-6 6 6" />
      ) : direction === 'desc' ? (
        <path d="m6 9 6 6 6-6" />
      ) : (
        <path d="m7 9 5-5 5 5M7 15l5 5 5-5" />
      )}
    </svg>
  );
}
