/**
 * @jowi/ui — Jowi's shared React components, styled with Tailwind v4 and the design tokens in
 * `@jowi/ui/styles.css`. Used by both the web admin (Next.js) and the POS renderer (Vite), so it
 * knows nothing about auth, GraphQL, routing or any framework: props in, events out. Texts it
 * shows by itself come from `UiProvider` (uz, ru, en) or a component's `messages` prop.
 */
export * from './amounts.ts';
export * from './app-shell.tsx';
export * from './badge.tsx';
export * from './banner.tsx';
export * from './button.tsx';
export * from './card.tsx';
export * from './chart.tsx';
export * from './cn.ts';
export * from './command-palette.tsx';
export * from './data-table/data-table.tsx';
export type * from './data-table/types.ts';
export * from './date-range.ts';
export * from './date-range-picker.tsx';
export * from './dialog.tsx';
export * from './dropdown-menu.tsx';
export * from './empty-state.tsx';
export * from './error-state.tsx';
export * from './form-field.tsx';
export * from './format.ts';
export * from './input.tsx';
export * from './label.tsx';
export * from './language-switcher.tsx';
export * from './locale.tsx';
export * from './messages.ts';
export * from './metric-card.tsx';
export * from './money.tsx';
export * from './popover.tsx';
export * from './select.tsx';
export * from './spinner.tsx';
export * from './table.tsx';
export * from './tabs.tsx';
export * from './theme-toggle.tsx';
export * from './toast.tsx';
export * from './tooltip.tsx';
