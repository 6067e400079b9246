import type { Metadata } from 'next';
import { DashboardDocument } from '../../../__generated__/graphql.ts';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { rangeOf } from '../../../lib/range.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { preloadQuery } from '../../../server/preload.ts';
import { loadStores, timeZoneOf } from '../../../server/stores.ts';
import { getSelectedStoreId } from '../../../store/server.ts';
import { DashboardView } from './dashboard-view.tsx';
import { dashboardVariables } from './variables.ts';

export async function generateMetadata(): Promise<Metadata> {
  const { dict } = await getI18n();
  return { title: dict.dashboard.title };
}

/**
 * The day's business: figures need `reports:read`; the fiscal list also `fiscal:read`. The
 * figures for the range in the URL are read here, so they arrive with the page.
 */
export default async function DashboardPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const session = await requireSession('/dashboard');
  if (!can(session, 'reports:read')) return <NoAccess />;
  const [stores, selected, params] = await Promise.all([
    loadStores(session),
    getSelectedStoreId(),
    searchParams,
  ]);
  const storeId = stores.some((store) => store.id === selected) ? selected : null;
  const timeZone = timeZoneOf(stores, storeId);
  const withFiscal = can(session, 'fiscal:read');
  const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : null);
  const range = rangeOf(one(params.from), one(params.to), timeZone);
  const seed = await preloadQuery(session, DashboardDocument, dashboardVariables(range, storeId, withFiscal));
  return <DashboardView storeId={storeId} timeZone={timeZone} withFiscal={withFiscal} seed={seed} />;
}
