/**
 * Where the admin e2e specs save their screenshots. A test run must not dirty the checkout, so
 * by default they go to `.data/test-artifacts/screenshots/` (ignored by git). The committed
 * pictures in `docs/images/` are refreshed only when asked: `JOWI_UPDATE_DOC_IMAGES=1`.
 * `JOWI_E2E_SCREENSHOTS=<folder>` still picks a folder of one's own.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
export const DOC_IMAGES = path.join(ROOT, 'docs', 'images');
export const TEST_ARTIFACTS = path.join(ROOT, '.data', 'test-artifacts', 'screenshots');

/** The folder asked for, or undefined when nobody asked (for specs that only save on request). */
export function requestedScreenshotFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.JOWI_UPDATE_DOC_IMAGES === '1') return DOC_IMAGES;
  return env.JOWI_E2E_SCREENSHOTS || undefined;
}

/** The folder to save into, created: the one asked for, else the ignored test-artifacts folder. */
export function screenshotFolder(env: NodeJS.ProcessEnv = process.env): string {
  const folder = requestedScreenshotFolder(env) ?? TEST_ARTIFACTS;
  mkdirSync(folder, { recursive: true });
  return folder;
}
