'use client';

/**
 * Generic pieces of an application frame: a header bar, a side navigation and the shell that
 * lays them out. They know nothing of routing: a link is rendered by `renderLink` (pass the
 * router's `Link`), and which item is current is the caller's `current` id.
 */
import { type ComponentProps, type ReactNode, useState } from 'react';
import { cn } from './cn.ts';
import { useMessages } from './locale.tsx';

/** One entry of a {@link SideNav}. */
export interface NavItem {
  id: string;
  label: string;
  href: string;
  icon?: ReactNode;
  /** A count or status after the label, e.g. the number of fiscal problems. */
  badge?: ReactNode;
}

/** A titled group of {@link NavItem}s. */
export interface NavSection {
  /** Heading of the group; omit for the first, untitled group. */
  title?: string;
  items: readonly NavItem[];
}

/** What {@link SideNavProps.renderLink} receives. */
export interface NavLinkProps {
  href: string;
  className: string;
  'aria-current'?: 'page';
  children: ReactNode;
}

/** Props of {@link SideNav}. */
export interface SideNavProps {
  sections: readonly NavSection[];
  /** Id of the item for the page shown. */
  current?: string;
  /** Renders a link; default a plain `<a>`. Pass e.g. `(p) => <Link {...p} />`. */
  renderLink?: (props: NavLinkProps) => ReactNode;
  /** Accessible name of the navigation; default from the locale. */
  label?: string;
  className?: string;
}

/** The vertical navigation of the back office; the current page is marked `aria-current`. */
export function SideNav({
  sections,
  current,
  renderLink = (p) => <a {...p} />,
  label,
  className,
}: SideNavProps) {
  const messages = useMessages('shell');
  return (
    <nav aria-label={label ?? messages.navigation} className={cn('flex flex-col gap-4 p-3', className)}>
      {sections.map((section, index) => (
        <div key={section.title ?? index} className="flex flex-col gap-0.5">
          {section.title ? (
            <p className="px-3 pb-1 text-xs font-medium tracking-wide text-muted-foreground uppercase">
              {section.title}
            </p>
          ) : null}
          <ul className="flex flex-col gap-0.5">
            {section.items.map((item) => {
              const active = item.id === current;
              return (
                <li key={item.id}>
                  {renderLink({
                    href: item.href,
                    'aria-current': active ? 'page' : undefined,
                    className: cn(
                      'flex min-h-9 items-center gap-3 rounded-md px-3 text-sm font-medium transition-colors',
                      'focus-visible:outline-2 focus-visible:outline-ring',
                      active
                        ? 'bg-accent text-accent-foreground'
                        : 'text-muted-foreground hover:bg-muted hover:text-foreground',
                    ),
                    children: (
                      <>
                        {item.icon ? (
                          <span className="size-4 shrink-0 [&>svg]:size-4">{item.icon}</span>
                        ) : null}
                        <span className="flex-1 truncate">{item.label}</span>
                        {item.badge ?? null}
                      </>
                    ),
                  })}
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}

/** Props of {@link HeaderBar}. */
export interface HeaderBarProps extends Omit<ComponentProps<'header'>, 'title'> {
  /** The product mark or name at the left. */
  brand?: ReactNode;
  /** Controls at the right (store switcher, language, theme, account). */
  actions?: ReactNode;
}

/** The top bar: brand at the left, the caller's content in the middle, actions at the right. */
export function HeaderBar({ brand, actions, className, children, ...props }: HeaderBarProps) {
  return (
    <header className={cn('flex h-14 items-center gap-4 border-b bg-card px-4', className)} {...props}>
      {brand ? <div className="flex shrink-0 items-center gap-2 font-semibold">{brand}</div> : null}
      <div className="flex min-w-0 flex-1 items-center gap-2">{children}</div>
      {actions ? <div className="flex shrink-0 items-center gap-2">{actions}</div> : null}
    </header>
  );
}

/** Props of {@link AppShell}. */
export interface AppShellProps {
  header: ReactNode;
  /** The side navigation; hidden behind a menu button on narrow screens. */
  nav: ReactNode;
  children: ReactNode;
  className?: string;
}

/** Header on top, navigation at the left, the page in a scrolling main area. */
export function AppShell({ header, nav, children, className }: AppShellProps) {
  const messages = useMessages('shell');
  const [navOpen, setNavOpen] = useState(false);
  return (
    <div className={cn('flex min-h-screen flex-col', className)}>
      <div className="flex items-stretch">
        <button
          type="button"
          aria-label={messages.openNavigation}
          aria-expanded={navOpen}
          onClick={() => setNavOpen(!navOpen)}
          className="inline-flex w-12 cursor-pointer items-center justify-center border-b bg-card focus-visible:outline-2 focus-visible:outline-ring md:hidden"
        >
          <svg
            viewBox="0 0 24 24"
            className="size-5"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <path d="M4 6h16M4 12h16M4 18h16" />
          </svg>
        </button>
        <div className="min-w-0 flex-1">{header}</div>
      </div>
      <div className="flex flex-1">
        <aside className={cn('w-60 shrink-0 border-r bg-card', navOpen ? 'block' : 'hidden md:block')}>
          {nav}
        </aside>
        <main className="min-w-0 flex-1 p-6">{children}</main>
      </div>
    </div>
  );
}
