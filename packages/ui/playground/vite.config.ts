/**
 * The @jowi/ui playground: every component mounted with fixtures on one page, for a person to
 * look at (`npx vite --config packages/ui/playground/vite.config.ts`) and for the browser test
 * (`packages/ui/e2e/`) to drive. Not shipped: apps import `@jowi/ui`, never this folder.
 */
import { fileURLToPath } from 'node:url';
import tailwindcss from '@tailwindcss/vite';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: './',
  plugins: [react(), tailwindcss()],
  server: { host: '127.0.0.1', port: 5180 },
  build: {
    outDir: `${here}dist`,
    emptyOutDir: true,
    target: 'es2023',
    chunkSizeWarningLimit: 2000,
  },
});
