import type { Metadata } from 'next';
import { DashboardDocument } from '../../../__generated__/graphql.ts';
import { NoAccess } from '../../../components/no-access.tsx';
import { getI18n } from '../../../i18n/server.ts';
import { rangeOf } from '../../../lib/range.ts';
import { can, requireSession } from '../../../server/guard.ts';
import { preloadQuery } from '../../../server/preload.ts';
import { DEFAULT_TIME_ZONE, loadStores, timeZoneOf } from '../../../server/stores.ts';
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
  const [selected, params] = await Promise.all([getSelectedStoreId(), searchParams]);
  const withFiscal = can(session, 'fiscal:read');
  const one = (value: string | string[] | undefined) => (typeof value === 'string' ? value : null);
  const variablesFor = (storeId: string | null, timeZone: string) =>
    dashboardVariables(rangeOf(one(params.from), one(params.to), timeZone), storeId, withFiscal);
  // The summary is asked for at once, guessing the chosen store exists and the default zone
  // (right for every store in Uzbekistan), instead of after the stores; asked again if wrong.
  const guess = variablesFor(selected, DEFAULT_TIME_ZONE);
  const guessed = preloadQuery(session, DashboardDocument, guess);
  const stores = await loadStores(session);
  const storeId = stores.some((store) => store.id === selected) ? selected : null;
  const timeZone = timeZoneOf(stores, storeId);
  const variables = variablesFor(storeId, timeZone);
  const seed =
    JSON.stringify(variables) === JSON.stringify(guess)
      ? await guessed
      : await preloadQuery(session, DashboardDocument, variables);
  return <DashboardView storeId={storeId} timeZone={timeZone} withFiscal={withFiscal} seed={seed} />;
}
