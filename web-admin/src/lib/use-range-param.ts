'use client';

/**
 * A page's date range, kept in the URL (`?from=YYYY-MM-DD&to=YYYY-MM-DD`) so a reload or a shared
 * link shows the same days; today in the store's zone when the URL names none.
 */
import type { DateRangeValue } from '@jowi/ui';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { rangeOf } from './range.ts';
import { useSetSearchParams } from './url-state.ts';

export { previousSpan, shiftDay } from './range.ts';

/** The range in the URL (or today) and a setter that writes it back. */
export function useRangeParam(timeZone: string): [DateRangeValue, (next: DateRangeValue) => void] {
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const range = useMemo(() => rangeOf(from, to, timeZone), [from, to, timeZone]);
  const setRange = useCallback(
    (next: DateRangeValue) => setParams({ from: next.from, to: next.to }),
    [setParams],
  );
  return [range, setRange];
}
