/**
 * electron-vite build of the POS: main process (ESM), preload (CommonJS, as sandboxed preload
 * scripts must be) and the React renderer (same plugins as the browser build). Output goes to
 * out/{main,preload,renderer}; building needs no Electron binary.
 */
import { defineConfig } from 'electron-vite';
import { RENDERER_ROOT, rendererPlugins } from './vite.renderer.config.ts';

export default defineConfig({
  main: {
    // The fiscal gateway runs inside the main process; its workspace entry point is TypeScript,
    // so it is bundled (with fastify, zod and qrcode) instead of being left as a runtime import.
    build: { externalizeDeps: { exclude: ['@jowi/fiscal-gateway'] } },
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
