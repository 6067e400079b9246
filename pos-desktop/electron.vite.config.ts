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
    //
    // The catalog's writer thread (catalog-writer-worker.ts) is an entry of its own, started by
    // file name from the code beside it (`defaultWriterEntry`): chunks the two entries share are
    // written next to them (not under chunks/), so `./catalog-writer-worker.js` resolves from
    // whichever file holds that code (packaging.spec.ts builds and checks it).
    build: {
      externalizeDeps: { exclude: ['@jowi/fiscal-gateway', '@jowi/receipt', '@jowi/search-text'] },
      rolldownOptions: {
        input: {
          index: 'src/main/index.ts',
          'catalog-writer-worker': 'src/main/catalog/catalog-writer-worker.ts',
        },
        output: { entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' },
      },
    },
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
