/**
 * The fixture of the @jowi/ui browser specs. The playground (`packages/ui/playground`, every
 * component mounted with fixtures) is built once with Vite into `packages/ui/out/e2e-playground`
 * (ignored by git) and reused by every spec file and later runs while no input is newer; each
 * file serves it with Vite's preview server and drives Debian's Chromium with playwright-core.
 *
 * Components report through `window.__ui.events` (see playground/record.ts). With
 * JOWI_E2E_SCREENSHOTS=<folder> the specs save screenshots for a human to look at.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBuildLock } from '@jowi/server-kit/testing';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { build, type PreviewServer, preview } from 'vite';
import { afterAll, beforeAll } from 'vitest';

const chromiumPath = process.env.JOWI_TEST_CHROMIUM;
const ci = process.env.CI === 'true' || process.env.CI === '1';

/** Whether the browser specs run (with Chromium, or always under CI); says loudly when not. */
export function uiBrowserSuiteRuns(): boolean {
  if (!chromiumPath && !ci) {
    const bar = '!'.repeat(78);
    console.warn(
      `\n${bar}\n!! JOWI_TEST_CHROMIUM is not set: the @jowi/ui browser test is SKIPPED.\n` +
        `!! Run it through \`npm test\` (finds Chromium) or install it: apt-get install -y chromium\n${bar}\n`,
    );
  }
  return Boolean(chromiumPath) || ci;
}

const UI_DIR = fileURLToPath(new URL('..', import.meta.url));
const CONFIG_FILE = join(UI_DIR, 'playground', 'vite.config.ts');
const OUT_DIR = join(UI_DIR, 'out', 'e2e-playground');
const BUILT_STAMP = join(OUT_DIR, '.built');
/** What the playground build reads: if any is newer than the build, it is rebuilt. */
const BUILD_INPUTS = [join(UI_DIR, 'src'), join(UI_DIR, 'playground'), join(UI_DIR, 'package.json')];
/** 01:30 on Monday 7 December 2026 in Tashkent — still the 6th in UTC. */
const NOW = '2026-12-06T20:30:00.000Z';

/** The playground's production bundle, stamped `.built` when done. */
const PLAYGROUND_BUILD = { lock: `${OUT_DIR}.lock`, stamp: BUILT_STAMP, inputs: BUILD_INPUTS };

/** Builds the playground's production bundle unless an up-to-date one exists. */
export async function ensurePlaygroundBuilt(): Promise<void> {
  await withBuildLock(PLAYGROUND_BUILD, async () => {
    // The production bundle: the test runner's NODE_ENV=test would select React's dev build.
    const nodeEnv = process.env.NODE_ENV;
    process.env.NODE_ENV = 'production';
    try {
      await build({
        configFile: CONFIG_FILE,
        mode: 'production',
        logLevel: 'warn',
        build: { outDir: OUT_DIR, emptyOutDir: true },
      });
    } finally {
      process.env.NODE_ENV = nodeEnv;
    }
    writeFileSync(BUILT_STAMP, new Date().toISOString());
  });
}

export interface RecordedEvent {
  name: string;
  payload: unknown;
}

/** A served playground in a Chromium page, with what the specs read from it. */
export interface Playground {
  page: Page;
  /** Uncaught errors of the page so far. */
  errors: string[];
  /** A fresh playground (empty event log, light theme, nothing open). */
  open(): Promise<void>;
  /** The payloads of the recorded events of this name, oldest first. */
  events(name: string): Promise<unknown[]>;
  lastEvent(name: string): Promise<unknown>;
  /** The `data-index` of the focused element (a virtual table row), or null. */
  focusedIndex(): Promise<string | null>;
  focusedText(): Promise<string | null>;
  /** A playground section by its test id. */
  section(id: string): Locator;
  close(): Promise<void>;
}

export async function startPlayground(): Promise<Playground> {
  if (!chromiumPath) throw new Error('CI=true but JOWI_TEST_CHROMIUM is not set: install chromium.');
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.close();
  };
  try {
    await ensurePlaygroundBuilt();
    server = await preview({
      configFile: CONFIG_FILE,
      logLevel: 'warn',
      build: { outDir: OUT_DIR },
      preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error('the preview server has no URL');
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const events = (name: string) =>
      page.evaluate(
        (wanted) => window.__ui.events.filter((e: RecordedEvent) => e.name === wanted).map((e) => e.payload),
        name,
      );
    return {
      page,
      errors,
      async open() {
        await page.goto(`${url}?now=${NOW}`);
        await page.getByRole('table', { name: 'Mahsulotlar (100 000)' }).waitFor();
      },
      events,
      lastEvent: async (name) => (await events(name)).at(-1),
      focusedIndex: () => page.evaluate(() => document.activeElement?.getAttribute('data-index') ?? null),
      focusedText: () => page.evaluate(() => document.activeElement?.textContent ?? null),
      section: (id) => page.getByTestId(id),
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}

/**
 * The playground of one spec file's `describe`: started in `beforeAll`, closed in `afterAll`.
 * The handle reads the running playground when a test calls it, so its methods can be
 * destructured where the suite is declared (`const { open, section } = ui`).
 */
export function usePlayground(): Playground {
  let started: Playground | undefined;
  beforeAll(async () => {
    started = await startPlayground();
  });
  afterAll(async () => {
    await started?.close();
  });
  const ui = () => {
    if (!started) throw new Error('the playground is not running: call usePlayground() inside describe');
    return started;
  };
  return {
    get page() {
      return ui().page;
    },
    get errors() {
      return ui().errors;
    },
    open: () => ui().open(),
    events: (name) => ui().events(name),
    lastEvent: (name) => ui().lastEvent(name),
    focusedIndex: () => ui().focusedIndex(),
    focusedText: () => ui().focusedText(),
    section: (id) => ui().section(id),
    close: () => ui().close(),
  };
}

/** With JOWI_E2E_SCREENSHOTS=<folder>, saves the page as `ui-<name>.png` there. */
export async function snap(page: Page, name: string, fullPage = false): Promise<void> {
  const folder = process.env.JOWI_E2E_SCREENSHOTS;
  if (folder) await page.screenshot({ path: join(folder, `ui-${name}.png`), fullPage });
}
