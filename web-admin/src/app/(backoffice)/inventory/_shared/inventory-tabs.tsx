'use client';

/** The inventory tab bar: links (not Radix tabs) so each section has its own URL and history entry. */
import { cn } from '@jowi/ui';
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import type { InventoryTab } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';

export const INVENTORY_TABS: readonly { id: InventoryTab; href: string }[] = [
  { id: 'stock', href: '/inventory' },
  { id: 'receipts', href: '/inventory/receipts' },
  { id: 'transfers', href: '/inventory/transfers' },
  { id: 'stockTakes', href: '/inventory/stock-takes' },
  { id: 'writeOffs', href: '/inventory/write-offs' },
];

/** The tab whose route is `pathname` or contains it (`/inventory` only matches itself). */
function activeTab(pathname: string): InventoryTab | undefined {
  return INVENTORY_TABS.find((tab) =>
    tab.href === '/inventory'
      ? pathname === tab.href
      : pathname === tab.href || pathname.startsWith(`${tab.href}/`),
  )?.id;
}

export function InventoryTabs() {
  const { dict } = useI18n();
  const active = activeTab(usePathname());
  return (
    <nav aria-label={dict.inventory.tabsLabel} className="overflow-x-auto">
      <ul className="inline-flex h-10 items-center gap-1 rounded-md bg-muted p-1 text-muted-foreground">
        {INVENTORY_TABS.map((tab) => (
          <li key={tab.id}>
            <Link
              href={tab.href}
              aria-current={tab.id === active ? 'page' : undefined}
              className={cn(
                'inline-flex h-8 items-center rounded-sm px-3 text-sm font-medium whitespace-nowrap transition-colors',
                'hover:text-foreground focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-ring',
                tab.id === active && 'bg-background text-foreground shadow-sm',
              )}
            >
              {dict.inventory.tabs[tab.id]}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
