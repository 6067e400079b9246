/**
 * electron-vite build of the POS: main process (ESM), preload (CommonJS, as sandboxed preload
 * scripts must be) and the React renderer (same plugins as the browser build). Output goes to
 * out/{main,preload,renderer}; building needs no Electron binary.
 */
import { defineConfig } from 'electron-vite';
import { RENDERER_ROOT, rendererPlugins } from './vite.renderer.config.ts';

export default defineConfig({
  main: {
    // The fiscal gateway runs inside the main process; its workspace entry point (and that of
    // @jowi/receipt, which it uses) is TypeScript, so both are bundled (with fastify, zod and
    // qrcode) instead of being left as runtime imports. Of server-kit the till imports only the
    // dependency-free `@jowi/server-kit/permissions` (the wildcard-aware check), bundled likewise.
    build: { externalizeDeps: { exclude: ['@jowi/fiscal-gateway', '@jowi/receipt', '@jowi/server-kit'] } },
  },
  preload: {
    build: {
      rolldownOptions: { output: { format: 'cjs' } },
    },
  },
  renderer: {
    root: RENDERER_ROOT,
    plugins: rendererPlugins(),
  },
});
