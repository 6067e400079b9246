'use client';

/**
 * The header row of the inventory list pages whose rows have a state (transfers, stock-takes):
 * a status filter kept in the URL (`?status=`, absent for "all") and the page's main action. The
 * store is the back office header's, so it is not chosen here.
 */
import { Select } from '@jowi/ui';
import { useSearchParams } from 'next/navigation';
import { type ReactNode, useState } from 'react';
import { useSetSearchParams } from '../../../../lib/url-state.ts';

/** The status a list shows, from `?status=` (an unknown value shows all), and its setter. */
export function useStatusParam<S extends string>(
  statuses: readonly S[],
): [S | 'ALL', (next: S | 'ALL') => void] {
  const params = useSearchParams();
  const setParams = useSetSearchParams();
  const [status, setStatus] = useState<S | 'ALL'>(() => {
    const asked = params.get('status');
    return statuses.find((value) => value === asked) ?? 'ALL';
  });
  const change = (next: S | 'ALL') => {
    setStatus(next);
    setParams({ status: next === 'ALL' ? null : next });
  };
  return [status, change];
}

export function InventoryListFilters<S extends string>({
  label,
  statuses,
  labels,
  value,
  onChange,
  testId,
  action,
}: {
  /** The status select's accessible name. */
  label: string;
  statuses: readonly S[];
  /** A label for "all" and for every status. */
  labels: Record<S | 'ALL', string>;
  value: S | 'ALL';
  onChange: (next: S | 'ALL') => void;
  testId: string;
  /** The page's main action (shown after the filter), if the user may take it. */
  action?: ReactNode;
}) {
  return (
    <>
      <div className="w-48">
        <Select<S | 'ALL'>
          aria-label={label}
          value={value}
          onValueChange={onChange}
          options={(['ALL', ...statuses] as const).map((status) => ({
            value: status,
            label: labels[status],
          }))}
          data-testid={testId}
        />
      </div>
      {action}
    </>
  );
}
