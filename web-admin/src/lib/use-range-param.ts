'use client';

/**
 * A page's date range, kept in the URL (`?from=YYYY-MM-DD&to=YYYY-MM-DD`) so a reload or a shared
 * link shows the same days; today in the store's zone when the URL names none.
 */
import { type DateRangeValue, dateRange, presetRange } from '@jowi/ui';
import { useSearchParams } from 'next/navigation';
import { useCallback, useMemo } from 'react';
import { useSetSearchParams } from './url-state.ts';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** `day` moved by `days` calendar days (ISO dates, no time zone involved). */
export function shiftDay(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** The span of the same length just before `from`…`to`, for "vs the previous period". */
export function previousSpan(from: string, to: string): { from: string; to: string } {
  const days = Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
  return { from: shiftDay(from, -days), to: shiftDay(from, -1) };
}

/** The range in the URL (or today) and a setter that writes it back. */
export function useRangeParam(timeZone: string): [DateRangeValue, (next: DateRangeValue) => void] {
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const from = params.get('from');
  const to = params.get('to');
  const range = useMemo(
    () =>
      from && to && DAY.test(from) && DAY.test(to)
        ? dateRange(from, to, timeZone)
        : presetRange('today', timeZone),
    [from, to, timeZone],
  );
  const setRange = useCallback(
    (next: DateRangeValue) => setParams({ from: next.from, to: next.to }),
    [setParams],
  );
  return [range, setRange];
}
