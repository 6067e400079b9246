import { defineConfig } from 'vitest/config';
import SlowFirstSequencer from './scripts/vitest-sequencer.ts';

export default defineConfig({
  // Outside node_modules so `npm ci` keeps the last durations (see scripts/vitest-sequencer.ts).
  cacheDir: '.data/vitest-cache',
  test: {
    include: ['**/*.spec.ts'],
    exclude: ['**/node_modules/**', '**/.next/**', '**/out/**', '**/dist/**'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // One test stack and admin per worker for the admin e2e files (started only when one asks).
    globalSetup: ['web-admin/e2e/shared-stacks.ts'],
    reporters: ['default'],
    sequence: { sequencer: SlowFirstSequencer },
  },
});
