/**
 * @jowi/ui — Jowi's shared React components, styled with Tailwind v4 and the design tokens in
 * `@jowi/ui/styles.css`. Used by both the web admin (Next.js) and the POS renderer (Vite), so it
 * knows nothing about auth, GraphQL, routing or any framework: props in, events out.
 */
export * from './badge.tsx';
export * from './button.tsx';
export * from './card.tsx';
export * from './cn.ts';
export * from './empty-state.tsx';
export * from './error-state.tsx';
export * from './format.ts';
export * from './input.tsx';
export * from './label.tsx';
export * from './language-switcher.tsx';
export * from './spinner.tsx';
export * from './table.tsx';
export * from './theme-toggle.tsx';
