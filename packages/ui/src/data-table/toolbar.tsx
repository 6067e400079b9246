import type { RowData } from '@tanstack/react-table';
import type { ReactNode } from 'react';
import { Button } from '../button.tsx';
import {
  DropdownMenu,
  DropdownMenuCheckboxItem,
  DropdownMenuContent,
  DropdownMenuLabel,
  DropdownMenuTrigger,
} from '../dropdown-menu.tsx';
import type { DataTableMessages } from '../messages.ts';
import { Spinner } from '../spinner.tsx';
import type { DataTableInstance } from './data-table.tsx';
import { DebouncedInput } from './debounced-input.tsx';
import type { DataTableColumn } from './types.ts';

/** Props of {@link DataTableToolbar}. */
export interface DataTableToolbarProps<T extends RowData> {
  table: DataTableInstance<T>;
  byId: ReadonlyMap<string, DataTableColumn<T>>;
  text: DataTableMessages;
  /** The search box, or null for none. */
  search: { value: string; onChange: (value: string) => void } | null;
  debounceMs: number;
  /** Rows are shown and a newer answer is on its way. */
  refreshing: boolean;
  /** The caller's own controls. */
  children?: ReactNode;
}

/** Search, the caller's controls, a refresh indicator and the column menu above the table. */
export function DataTableToolbar<T extends RowData>({
  table,
  byId,
  text,
  search,
  debounceMs,
  refreshing,
  children,
}: DataTableToolbarProps<T>) {
  const hideable = table.getAllLeafColumns().filter((column) => column.getCanHide());
  return (
    <div className="flex flex-wrap items-center gap-2">
      {search ? (
        <div className="w-64 max-w-full">
          <DebouncedInput
            aria-label={text.search}
            placeholder={text.search}
            value={search.value}
            onValueChange={search.onChange}
            delay={debounceMs}
          />
        </div>
      ) : null}
      {children}
      <div className="ml-auto flex items-center gap-2">
        <span role="status" className="inline-flex items-center gap-2 text-sm text-muted-foreground">
          {refreshing ? (
            <>
              <Spinner size="sm" />
              {text.refreshing}
            </>
          ) : null}
        </span>
        {hideable.length > 0 ? (
          // Not modal: the table stays visible to assistive technology while columns are toggled.
          <DropdownMenu modal={false}>
            <DropdownMenuTrigger asChild>
              <Button variant="outline" size="sm">
                <ColumnsIcon />
                {text.columns}
              </Button>
            </DropdownMenuTrigger>
            <DropdownMenuContent>
              <DropdownMenuLabel>{text.columns}</DropdownMenuLabel>
              {hideable.map((column) => (
                <DropdownMenuCheckboxItem
                  key={column.id}
                  checked={column.getIsVisible()}
                  onCheckedChange={(checked) => column.toggleVisibility(checked)}
                  onSelect={(event) => event.preventDefault()}
                >
                  {byId.get(column.id)?.header ?? column.id}
                </DropdownMenuCheckboxItem>
              ))}
            </DropdownMenuContent>
          </DropdownMenu>
        ) : null}
      </div>
    </div>
  );
}

function ColumnsIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-4"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <rect x="3" y="4" width="18" height="16" rx="2" />
      <path d="M9 4v16M15 4v16" />
    </svg>
  );
}
