'use client';

/**
 * The back office's Ctrl+K (⌘K) palette, on @jowi/ui's `CommandPalette`: the pages this person
 * may open (the navigation's own list and permissions), actions they may take (new product,
 * import, language, sign out), the latest receipts, and products found by the server's search as
 * they type. The header's button opens it too (it sends {@link OPEN_COMMAND_MENU}). Server reads
 * happen only while the palette is open; the server still checks every page and action.
 */
import { CommandPalette, type PaletteCommand, useUiLocale } from '@jowi/ui';
import { useRouter } from 'next/navigation';
import { useEffect, useState, useTransition } from 'react';
import { usePaletteProductsQuery, usePaletteRecentSalesQuery } from '../__generated__/hooks.ts';
import { setLocale } from '../i18n/actions.ts';
import { fill, LANGUAGE_OPTIONS } from '../i18n/dictionaries.ts';
import { useI18n } from '../i18n/provider.tsx';
import { formatDateTime, formatMoney } from '../lib/format.ts';
import { useDebouncedValue } from '../lib/use-debounced-value.ts';
import { NAV_ENTRIES, type NavEntry } from './nav-items.ts';

/** Window event that opens the palette (the header's button). */
export const OPEN_COMMAND_MENU = 'jowi:open-command-menu';
const SEARCH_DELAY_MS = 250;

export interface CommandMenuProps {
  /** Ids of the navigation entries this person may open. */
  allowed: readonly NavEntry['id'][];
  can: { readCatalog: boolean; writeCatalog: boolean; readSales: boolean };
  /** The store's zone, for receipt times. */
  timeZone: string;
  signOut: () => Promise<void>;
}

export function CommandMenu({ allowed, can, timeZone, signOut }: CommandMenuProps) {
  const { dict, locale } = useI18n();
  const { tag } = useUiLocale();
  const t = dict.nav.palette;
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [search, setSearch] = useState('');
  const [, startTransition] = useTransition();
  const term = useDebouncedValue(search.trim(), SEARCH_DELAY_MS);

  useEffect(() => {
    const show = () => setOpen(true);
    window.addEventListener(OPEN_COMMAND_MENU, show);
    return () => window.removeEventListener(OPEN_COMMAND_MENU, show);
  }, []);

  const products = usePaletteProductsQuery({
    variables: { search: term },
    skip: !open || !can.readCatalog || term.length < 2,
    fetchPolicy: 'cache-first',
  });
  const receipts = usePaletteRecentSalesQuery({ skip: !open || !can.readSales, fetchPolicy: 'network-only' });

  const go = (href: string) => () => router.push(href);
  const pages: PaletteCommand[] = NAV_ENTRIES.filter((entry) => allowed.includes(entry.id)).map((entry) => ({
    id: `page:${entry.id}`,
    label: dict.nav.pages[entry.id],
    group: t.pages,
    keywords: [entry.href],
    onSelect: go(entry.href),
  }));
  const actions: PaletteCommand[] = [
    ...(can.writeCatalog
      ? [
          { id: 'action:new-product', label: t.newProduct, group: t.actions, onSelect: go('/products/new') },
          {
            id: 'action:import-products',
            label: t.importProducts,
            group: t.actions,
            onSelect: go('/products/import'),
          },
        ]
      : []),
    ...LANGUAGE_OPTIONS.filter((option) => option.value !== locale).map((option) => ({
      id: `action:language:${option.value}`,
      label: fill(t.language, { language: option.title }),
      group: t.actions,
      keywords: [option.label],
      onSelect: () => startTransition(() => setLocale(option.value)),
    })),
    {
      id: 'action:sign-out',
      label: dict.nav.signOut,
      group: t.actions,
      onSelect: () => startTransition(() => signOut()),
    },
  ];
  // Found by the server: the typed text is a keyword, so the palette's own filter keeps them.
  const found: PaletteCommand[] = (term.length >= 2 ? (products.data?.products.edges ?? []) : []).map(
    ({ node }) => ({
      id: `product:${node.id}`,
      label: node.name,
      group: t.products,
      keywords: [term, node.sku],
      shortcut: node.sku,
      onSelect: go(`/products/${node.id}`),
    }),
  );
  const recent: PaletteCommand[] = (receipts.data?.sales.edges ?? []).map(({ node }) => ({
    id: `receipt:${node.id}`,
    label: fill(t.receipt, {
      number: node.receiptNumber ?? '—',
      total: `${formatMoney(String(node.total), dict)} ${dict.common.currency}`,
      time: formatDateTime(String(node.createdAt), tag, timeZone),
    }),
    group: t.receipts,
    onSelect: go(`/sales/${node.id}`),
  }));

  return (
    <CommandPalette
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setSearch('');
      }}
      onSearchChange={setSearch}
      commands={[...found, ...pages, ...actions, ...recent]}
      messages={products.loading ? { empty: t.searching } : undefined}
    />
  );
}
