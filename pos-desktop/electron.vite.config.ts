/**
 * electron-vite build of the POS: main process (ESM), preload (CommonJS, as sandboxed preload
 * scripts must be) and the React renderer (same plugins as the browser build). Output goes to
 * out/{main,preload,renderer}; building needs no Electron binary.
 */
import { defineConfig } from 'electron-vite';
import { RENDERER_ROOT, rendererPlugins } from './vite.renderer.config.ts';

export default defineConfig({
  main: {
    // The fiscal gateway runs inside the main process; its workspace entry point (and those of
    // @jowi/receipt and @jowi/search-text, the local catalog's search rules) is TypeScript, so
    // they are bundled (with fastify, zod and qrcode) instead of being left as runtime imports a
    // packaged Electron could not load (packaging.spec.ts checks every one the main process
    // imports). Of server-kit the till imports only the dependency-free
    // `@jowi/server-kit/permissions` (the wildcard-aware check): a devDependency, so it is bundled
    // too and its server dependencies never reach the installer.
    build: { externalizeDeps: { exclude: ['@jowi/fiscal-gateway', '@jowi/receipt', '@jowi/search-text'] } },
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
