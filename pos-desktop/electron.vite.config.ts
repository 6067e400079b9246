/**
 * electron-vite build of the POS: main process (ESM), preload (CommonJS, as sandboxed preload
 * scripts must be) and the React renderer (same plugins as the browser build). Output goes to
 * out/{main,preload,renderer}; building needs no Electron binary.
 */
import { defineConfig } from 'electron-vite';
import { RENDERER_ROOT, rendererPlugins } from './vite.renderer.config.ts';

export default defineConfig({
  main: {},
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
