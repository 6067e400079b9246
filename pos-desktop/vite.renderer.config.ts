/**
 * The renderer on its own, as a plain web app: `npm run renderer:dev` (dev server on
 * 127.0.0.1:5173) and `npm run renderer:build` (static files in dist/renderer). Used for fast
 * UI work and by the browser tests; Electron builds the same renderer through
 * electron.vite.config.ts with the same plugins.
 *
 * Outside Electron there is no preload script: the app falls back to VITE_GATEWAY_URL (or the
 * local gateway) unless a test injects `window.pos`. The Content-Security-Policy (csp.ts) allows
 * connections only to VITE_GATEWAY_URL and VITE_POS_HOST_URL (+ the hot-reload socket in dev).
 */
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, loadEnv, type PluginOption } from 'vite';
import { type CspTargets, cspPlugin, DEFAULT_GATEWAY_URL, DEFAULT_POS_HOST_URL } from './csp.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Where this build's renderer may connect (see csp.ts), from the environment and `.env` files. */
function cspTargets(mode: string): () => CspTargets {
  return () => {
    const env = { ...loadEnv(mode, here, 'VITE_'), ...process.env };
    return {
      gatewayUrl: env.VITE_GATEWAY_URL || DEFAULT_GATEWAY_URL,
      posHostUrl: env.VITE_POS_HOST_URL || DEFAULT_POS_HOST_URL,
    };
  };
}

/** Plugins shared by the browser build and the Electron renderer build. */
export function rendererPlugins(mode = process.env.NODE_ENV ?? 'production'): PluginOption[] {
  return [react(), tailwindcss(), cspPlugin(cspTargets(mode))];
}

/** The renderer's source folder. */
export const RENDERER_ROOT = `${here}src/renderer`;

export default defineConfig(({ mode }) => ({
  root: RENDERER_ROOT,
  envDir: here,
  base: './',
  plugins: rendererPlugins(mode),
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: {
    outDir: `${here}dist/renderer`,
    emptyOutDir: true,
    target: 'es2023',
  },
}));
