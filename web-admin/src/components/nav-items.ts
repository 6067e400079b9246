/**
 * The back office's pages as the side navigation lists them, with the permission each needs.
 * A page missing here is still reachable by URL — every page checks its own permission — but
 * nobody is shown a link they could not follow.
 */
import type { NavPage } from '../i18n/dictionaries.ts';

/** One page of the navigation. */
export interface NavEntry {
  id: NavPage;
  href: string;
  section: 'business' | 'catalog' | 'settings';
  /** What the access token must grant for the link to show. */
  permission: string;
}

export const NAV_ENTRIES: readonly NavEntry[] = [
  { id: 'dashboard', href: '/dashboard', section: 'business', permission: 'reports:read' },
  { id: 'sales', href: '/sales', section: 'business', permission: 'sales:read' },
  { id: 'shifts', href: '/shifts', section: 'business', permission: 'reports:read' },
  { id: 'fiscal', href: '/fiscal', section: 'business', permission: 'fiscal:read' },
  { id: 'inventory', href: '/inventory', section: 'business', permission: 'inventory:read' },
  { id: 'customers', href: '/customers', section: 'business', permission: 'customers:read' },
  { id: 'loyalty', href: '/loyalty', section: 'business', permission: 'customers:read' },
  { id: 'reports', href: '/reports', section: 'business', permission: 'reports:read' },
  { id: 'products', href: '/products', section: 'catalog', permission: 'catalog:read' },
  { id: 'categories', href: '/categories', section: 'catalog', permission: 'catalog:read' },
  { id: 'modifiers', href: '/modifiers', section: 'catalog', permission: 'catalog:read' },
  { id: 'recipes', href: '/recipes', section: 'catalog', permission: 'catalog:read' },
  { id: 'productImport', href: '/products/import', section: 'catalog', permission: 'catalog:write' },
  { id: 'staff', href: '/settings/staff', section: 'settings', permission: 'staff:manage' },
  { id: 'roles', href: '/settings/roles', section: 'settings', permission: 'staff:manage' },
  { id: 'stores', href: '/settings/stores', section: 'settings', permission: 'terminals:manage' },
  { id: 'terminals', href: '/settings/terminals', section: 'settings', permission: 'terminals:manage' },
  { id: 'apiKeys', href: '/settings/api-keys', section: 'settings', permission: 'apikeys:manage' },
  { id: 'audit', href: '/audit', section: 'settings', permission: 'audit:read' },
];

/**
 * The entry for `pathname`: the longest matching prefix, so `/products/import` is Import, not
 * Products, while `/products/42` stays Products.
 */
export function currentNavEntry(
  pathname: string,
  entries: readonly NavEntry[] = NAV_ENTRIES,
): NavEntry | undefined {
  let best: NavEntry | undefined;
  for (const entry of entries) {
    const matches = pathname === entry.href || pathname.startsWith(`${entry.href}/`);
    if (matches && (!best || entry.href.length > best.href.length)) best = entry;
  }
  return best;
}
