'use client';

import type { Theme } from '@jowi/ui';
/**
 * The back-office frame in the browser: side navigation (only the pages the signed-in person
 * may open), and a header with the store switcher, language, theme, the staff member and
 * sign-out. What to list comes from the server layout, which read the verified access token.
 */
import { AppShell, Button, HeaderBar, type NavSection, SideNav } from '@jowi/ui';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { ReactNode } from 'react';
import { useI18n } from '../i18n/provider.tsx';
import { OPEN_COMMAND_MENU } from './command-menu.tsx';
import { currentNavEntry, NAV_ENTRIES, type NavEntry } from './nav-items.ts';
import { Preferences } from './preferences.tsx';
import { type StoreChoice, StoreSwitcher } from './store-switcher.tsx';

/** Who is signed in, as the header shows them. */
export interface ShellViewer {
  name: string;
  tenantName: string;
  roles: readonly string[];
}

export interface BackofficeShellProps {
  /** Ids of the navigation entries this person may open. */
  allowed: readonly NavEntry['id'][];
  viewer: ShellViewer | null;
  stores: readonly StoreChoice[];
  storeId: string | null;
  theme: Theme;
  signOut: () => Promise<void>;
  children: ReactNode;
}

function useSections(allowed: readonly NavEntry['id'][]): NavSection[] {
  const { dict } = useI18n();
  const visible = NAV_ENTRIES.filter((entry) => allowed.includes(entry.id));
  const section = (id: NavEntry['section']): NavSection => ({
    title: dict.nav.sections[id],
    items: visible
      .filter((entry) => entry.section === id)
      .map((entry) => ({ id: entry.id, href: entry.href, label: dict.nav.pages[entry.id] })),
  });
  return [section('business'), section('catalog'), section('settings')].filter((s) => s.items.length > 0);
}

export function BackofficeShell({
  allowed,
  viewer,
  stores,
  storeId,
  theme,
  signOut,
  children,
}: BackofficeShellProps) {
  const { dict } = useI18n();
  const pathname = usePathname();
  const sections = useSections(allowed);
  const roleNames = viewer?.roles.map((role) => dict.nav.roles[role] ?? role).join(', ');

  const header = (
    <HeaderBar
      brand={<span className="text-lg font-bold tracking-tight text-primary">{dict.common.appName}</span>}
      actions={
        <>
          <Button
            variant="outline"
            size="sm"
            className="hidden gap-2 text-muted-foreground sm:inline-flex"
            aria-keyshortcuts="Control+K Meta+K"
            onClick={() => window.dispatchEvent(new Event(OPEN_COMMAND_MENU))}
          >
            {dict.nav.palette.open}
            <kbd className="rounded border px-1 text-xs">Ctrl K</kbd>
          </Button>
          <Preferences theme={theme} />
          {viewer ? (
            <div className="hidden text-right leading-tight md:block" title={dict.nav.signedInAs}>
              <div className="text-sm font-medium" data-testid="viewer-name">
                {viewer.name}
              </div>
              <div className="text-xs text-muted-foreground" data-testid="viewer-roles">
                {roleNames} · {viewer.tenantName}
              </div>
            </div>
          ) : null}
          <form action={signOut}>
            <Button type="submit" variant="ghost" size="sm">
              {dict.nav.signOut}
            </Button>
          </form>
        </>
      }
    >
      <StoreSwitcher stores={stores} storeId={storeId} />
    </HeaderBar>
  );

  return (
    <AppShell
      header={header}
      nav={
        <SideNav
          sections={sections}
          current={currentNavEntry(pathname)?.id}
          label={dict.nav.main}
          renderLink={({ href, ...props }) => <Link href={href} {...props} />}
        />
      }
    >
      {children}
    </AppShell>
  );
}
