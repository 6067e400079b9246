import { Button, Card, EmptyState, Toaster } from '@jowi/ui';
import type { ReactNode } from 'react';
import { BackofficeShell } from '../../components/backoffice-shell.tsx';
import { CommandMenu } from '../../components/command-menu.tsx';
import { ConnectionBanner } from '../../components/connection-banner.tsx';
import { NAV_ENTRIES } from '../../components/nav-items.ts';
import { getI18n } from '../../i18n/server.ts';
import { AdminApolloProvider } from '../../lib/apollo-provider.tsx';
import { can, canUseBackOffice, loadViewer, requireSession } from '../../server/guard.ts';
import { loadStores, timeZoneOf } from '../../server/stores.ts';
import { getSelectedStoreId } from '../../store/server.ts';
import { getTheme } from '../../theme/server.ts';
import { logout } from './actions.ts';

/** Shown instead of the back office to someone signed in without a back-office role (a cashier). */
async function NoBackOffice() {
  const { dict } = await getI18n();
  return (
    <main className="mx-auto grid min-h-dvh max-w-lg place-items-center p-6">
      <Card className="w-full" data-testid="no-back-office">
        <EmptyState
          title={dict.common.noAccessTitle}
          description={dict.login.errors.NO_BACK_OFFICE}
          action={
            <form action={logout}>
              <Button type="submit">{dict.nav.signOut}</Button>
            </form>
          }
        />
      </Card>
    </main>
  );
}

/** The back-office frame: side navigation by permission, header with store, preferences and the signed-in person. */
export default async function BackofficeLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  if (!canUseBackOffice(session)) return <NoBackOffice />;
  const [theme, viewer, stores, storeId] = await Promise.all([
    getTheme(),
    loadViewer(session),
    loadStores(session),
    getSelectedStoreId(),
  ]);
  const allowed = NAV_ENTRIES.filter((entry) => can(session, entry.permission)).map((entry) => entry.id);

  return (
    <BackofficeShell
      allowed={allowed}
      viewer={viewer ? { name: viewer.name, tenantName: viewer.tenant.name, roles: viewer.roles } : null}
      stores={stores}
      storeId={storeId}
      theme={theme}
      signOut={logout}
    >
      <AdminApolloProvider cacheKey={`${session.claims.tenantId}.${session.claims.subject}`}>
        <Toaster>
          <ConnectionBanner />
          <CommandMenu
            allowed={allowed}
            can={{
              readCatalog: can(session, 'catalog:read'),
              writeCatalog: can(session, 'catalog:write'),
              readSales: can(session, 'sales:read'),
            }}
            timeZone={timeZoneOf(stores, storeId)}
            signOut={logout}
          />
          {children}
        </Toaster>
      </AdminApolloProvider>
    </BackofficeShell>
  );
}
