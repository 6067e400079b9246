/**
 * The renderer on its own, as a plain web app: `npm run renderer:dev` (dev server on
 * 127.0.0.1:5173) and `npm run renderer:build` (static files in dist/renderer). Used for fast
 * UI work and by the browser tests; Electron builds the same renderer through
 * electron.vite.config.ts with the same plugins.
 *
 * Outside Electron there is no preload script: the app falls back to VITE_GATEWAY_URL (or the
 * local gateway) unless a test injects `window.pos`.
 */
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type PluginOption } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

/**
 * The production Content-Security-Policy: scripts only from the app itself; network only to
 * http(s)/ws(s) endpoints because the gateway URL is configured per installation. Added to
 * built HTML only, as the dev server's hot reload needs inline scripts.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self' http: https: ws: wss:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'jowi:csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/** Plugins shared by the browser build and the Electron renderer build. */
export function rendererPlugins(): PluginOption[] {
  return [react(), tailwindcss(), contentSecurityPolicy()];
}

/** The renderer's source folder. */
export const RENDERER_ROOT = `${here}src/renderer`;

export default defineConfig({
  root: RENDERER_ROOT,
  envDir: here,
  base: './',
  plugins: rendererPlugins(),
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: {
    outDir: `${here}dist/renderer`,
    emptyOutDir: true,
    target: 'es2023',
  },
});
