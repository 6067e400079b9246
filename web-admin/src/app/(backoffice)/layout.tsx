import { Button, Toaster } from '@jowi/ui';
import type { ReactNode } from 'react';
import { NavLink } from '../../components/nav-link.tsx';
import { Preferences } from '../../components/preferences.tsx';
import { getI18n } from '../../i18n/server.ts';
import { AdminApolloProvider } from '../../lib/apollo-provider.tsx';
import { loadViewer, requireSession } from '../../server/guard.ts';
import { getTheme } from '../../theme/server.ts';
import { logout } from './actions.ts';

/** The back-office frame: header with navigation, preferences and the signed-in person. */
export default async function BackofficeLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  const [{ dict }, theme, viewer] = await Promise.all([getI18n(), getTheme(), loadViewer(session)]);

  return (
    <AdminApolloProvider>
      <div className="flex min-h-dvh flex-col">
        <header className="sticky top-0 z-10 border-b bg-background/90 backdrop-blur">
          <div className="mx-auto flex min-h-14 max-w-7xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-2 sm:px-6">
            <span className="text-lg font-bold tracking-tight text-primary">{dict.common.appName}</span>
            <nav aria-label={dict.nav.main} className="flex items-center gap-1">
              <NavLink href="/products">{dict.nav.products}</NavLink>
            </nav>
            <div className="ml-auto flex items-center gap-3">
              <Preferences theme={theme} />
              {viewer ? (
                <div className="hidden text-right leading-tight md:block" title={dict.nav.signedInAs}>
                  <div className="text-sm font-medium" data-testid="viewer-name">
                    {viewer.name}
                  </div>
                  <div className="text-xs text-muted-foreground">{viewer.tenant.name}</div>
                </div>
              ) : null}
              <form action={logout}>
                <Button type="submit" variant="ghost" size="sm">
                  {dict.nav.signOut}
                </Button>
              </form>
            </div>
          </div>
        </header>
        <main className="mx-auto w-full max-w-7xl flex-1 px-4 py-8 sm:px-6">
          <Toaster>{children}</Toaster>
        </main>
      </div>
    </AdminApolloProvider>
  );
}
