import { useId } from 'react';
import { Button } from '../button.tsx';
import { useUiLocale } from '../locale.tsx';
import { type DataTableMessages, formatCount } from '../messages.ts';
import { Select } from '../select.tsx';
import type { DataTablePage } from './types.ts';

/** Props of {@link PaginationBar}. */
export interface PaginationBarProps {
  page: DataTablePage;
  onPageChange: (page: DataTablePage) => void;
  /** Rows on the current page. */
  shown: number;
  /** Rows matching on the server, or null when it does not count them. */
  rowCount: number | null;
  /** Without a count: whether another page follows. */
  hasNextPage?: boolean;
  pageSizes: readonly number[];
  text: DataTableMessages;
}

/** "1–25 of 1 000", the page size and previous/next buttons. */
export function PaginationBar({
  page,
  onPageChange,
  shown,
  rowCount,
  hasNextPage,
  pageSizes,
  text,
}: PaginationBarProps) {
  const { number } = useUiLocale();
  const sizeId = useId();
  const first = page.pageIndex * page.pageSize;
  const canNext = rowCount !== null ? first + page.pageSize < rowCount : Boolean(hasNextPage);
  const count = (value: number) => formatCount(value, number);
  const range =
    shown === 0
      ? null
      : text.range(count(first + 1), count(first + shown), rowCount === null ? null : count(rowCount));
  return (
    <nav aria-label={text.pagination} className="flex flex-wrap items-center justify-end gap-3 text-sm">
      <div className="flex items-center gap-2">
        <label htmlFor={sizeId} className="whitespace-nowrap text-muted-foreground">
          {text.rowsPerPage}
        </label>
        <Select
          id={sizeId}
          className="h-8 w-20"
          value={String(page.pageSize)}
          options={pageSizes.map((size) => ({ value: String(size), label: String(size) }))}
          onValueChange={(value) => onPageChange({ pageIndex: 0, pageSize: Number(value) })}
        />
      </div>
      <span className="min-w-32 text-center tabular-nums" aria-live="polite">
        {range}
      </span>
      <div className="flex gap-1">
        <Button
          variant="outline"
          size="sm"
          disabled={page.pageIndex === 0}
          onClick={() => onPageChange({ ...page, pageIndex: page.pageIndex - 1 })}
        >
          {text.previousPage}
        </Button>
        <Button
          variant="outline"
          size="sm"
          disabled={!canNext}
          onClick={() => onPageChange({ ...page, pageIndex: page.pageIndex + 1 })}
        >
          {text.nextPage}
        </Button>
      </div>
    </nav>
  );
}
