/**
 * The dashboard query's variables for a range and a store, shared by the page (which reads the
 * first answer on the server) and the view (which asks with the same variables, so the server's
 * answer is the one it finds in the cache).
 */
import type { DateRangeValue } from '@jowi/ui';
import type { DashboardQueryVariables } from '../../../__generated__/graphql.ts';
import { previousSpan } from '../../../lib/range.ts';

export const TOP_PRODUCTS = 10;

export function dashboardVariables(
  range: Pick<DateRangeValue, 'from' | 'to'>,
  storeId: string | null,
  withFiscal: boolean,
): DashboardQueryVariables {
  const storeIds = storeId ? [storeId] : null;
  return {
    current: { from: range.from, to: range.to, storeIds, topProducts: TOP_PRODUCTS },
    previous: { ...previousSpan(range.from, range.to), storeIds, topProducts: 0 },
    storeIds,
    withFiscal,
  };
}
