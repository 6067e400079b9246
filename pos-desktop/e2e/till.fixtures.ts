/**
 * Helpers of till.spec.ts that need nothing of its running stack: a free TCP port, the demo
 * cashier's refund role, restoring an environment variable, and the docs screenshots.
 */

import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { withBuildLock } from '@jowi/server-kit/testing';
import { type Browser, chromium, type Page } from 'playwright-core';
import { build } from 'vite';
import { gql } from './host-harness.ts';

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The demo cashier may refund (a custom role on top of `cashier`), so refunds sync. */
export async function allowDemoCashierRefunds(url: string, owner: Record<string, string>): Promise<void> {
  const login = await gql<{ login: { accessToken: string } }>(
    url,
    'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { email: 'cashier@demo.uz', password: 'jowi-demo' } },
  );
  const me = await gql<{ me: { id: string } }>(
    url,
    '{ me { id } }',
    {},
    {
      authorization: `Bearer ${login.login.accessToken}`,
    },
  );
  await gql(
    url,
    'mutation($input: CreateRoleInput!) { createRole(input: $input) { errors { code } } }',
    { input: { name: 'refunds', permissions: ['sales:refund'] } },
    owner,
  );
  await gql(
    url,
    'mutation($input: AssignStaffRolesInput!) { assignStaffRoles(input: $input) { errors { code } } }',
    { input: { staffId: me.me.id, roles: ['cashier', 'refunds'] } },
    owner,
  );
}

export function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}

/**
 * With JOWI_E2E_SCREENSHOTS=<folder>, or JOWI_UPDATE_DOC_IMAGES=1 for the committed `docs/images/`,
 * saves the screen in the light and the dark theme for the docs (`pos-<name>-light.png`,
 * `pos-<name>-dark.png`). Without either nothing is written, so a test run leaves the checkout
 * clean. The theme is the `.dark` class the @jowi/ui tokens follow; it is flipped directly so an
 * open dialog stays as it is.
 */
export async function snap(page: Page, name: string): Promise<void> {
  const folder =
    process.env.JOWI_UPDATE_DOC_IMAGES === '1'
      ? fileURLToPath(new URL('../../docs/images', import.meta.url))
      : process.env.JOWI_E2E_SCREENSHOTS;
  if (!folder) return;
  const dark = () => page.evaluate(() => document.documentElement.classList.toggle('dark'));
  await page.screenshot({ path: join(folder, `pos-${name}-light.png`) });
  await dark();
  await page.screenshot({ path: join(folder, `pos-${name}-dark.png`) });
  await dark();
}

const RENDERER_CONFIG = fileURLToPath(new URL('../vite.renderer.config.ts', import.meta.url));
const POS_DIR = fileURLToPath(new URL('..', import.meta.url));
const WORKSPACE_DIR = join(POS_DIR, '..');

/**
 * The renderer is built once for every till e2e file (and reused by later runs while no input
 * changed), for placeholder addresses that each file's copy swaps for its own proxy and host:
 * a production build takes seconds of the CI's two cores, and the files differ only in these
 * two strings. `out/` is ignored by git.
 */
const SHARED_BUILD = join(POS_DIR, 'out', 'e2e-renderer');
const BUILT_STAMP = join(SHARED_BUILD, '.built');
const GATEWAY_MARK = 'http://jowi-e2e-gateway.invalid:9/graphql';
const HOST_MARK = 'http://jowi-e2e-host.invalid:9';
/** What the renderer build reads: if any is newer than the shared build, it is rebuilt. */
const BUILD_INPUTS = [
  join(POS_DIR, 'src'),
  join(POS_DIR, 'csp.ts'),
  join(POS_DIR, 'vite.renderer.config.ts'),
  join(POS_DIR, 'package.json'),
  join(WORKSPACE_DIR, 'packages/ui/src'),
  join(WORKSPACE_DIR, 'packages/receipt/src'),
];

/** The placeholder renderer, stamped `.built` when done. */
const RENDERER_BUILD = { lock: `${SHARED_BUILD}.lock`, stamp: BUILT_STAMP, inputs: BUILD_INPUTS };

/** Builds the placeholder renderer for the marked addresses (the production bundle). */
async function buildPlaceholderRenderer(): Promise<void> {
  const saved = {
    NODE_ENV: process.env.NODE_ENV,
    VITE_GATEWAY_URL: process.env.VITE_GATEWAY_URL,
    VITE_POS_HOST_URL: process.env.VITE_POS_HOST_URL,
  };
  // The test runner's NODE_ENV=test would select React's dev build.
  process.env.NODE_ENV = 'production';
  process.env.VITE_GATEWAY_URL = GATEWAY_MARK;
  process.env.VITE_POS_HOST_URL = HOST_MARK;
  try {
    await build({
      configFile: RENDERER_CONFIG,
      mode: 'production',
      logLevel: 'warn',
      build: { outDir: SHARED_BUILD, emptyOutDir: true },
    });
  } finally {
    for (const [name, value] of Object.entries(saved)) restoreEnv(name, value);
  }
  writeFileSync(BUILT_STAMP, new Date().toISOString());
}

/** Builds the placeholder renderer unless an up-to-date one exists. */
export async function ensureSharedBuild(): Promise<void> {
  await withBuildLock(RENDERER_BUILD, buildPlaceholderRenderer);
}

/** The shared build's text with the placeholder addresses swapped for this test's. */
export function addressed(text: string, gatewayUrl: string, hostUrl: string): string {
  const gateway = new URL(gatewayUrl);
  const marked = new URL(GATEWAY_MARK);
  return text
    .replaceAll(GATEWAY_MARK, gatewayUrl)
    .replaceAll(marked.origin, gateway.origin)
    .replaceAll(`ws://${marked.host}`, `${gateway.protocol === 'https:' ? 'wss:' : 'ws:'}//${gateway.host}`)
    .replaceAll(HOST_MARK, new URL(hostUrl).origin);
}

/**
 * Puts the renderer as shipped (production React) into `outDir`, its CSP allowing connections
 * to `gatewayUrl` and `hostUrl` only — a page built for other addresses cannot reach this test's
 * proxy and host, and never renders past its first request. The build itself is shared (see
 * {@link SHARED_BUILD}); only the copy is this test's.
 */
export async function buildTill(outDir: string, gatewayUrl: string, hostUrl: string): Promise<void> {
  await ensureSharedBuild();
  const copy = (from: string, to: string) => {
    mkdirSync(to, { recursive: true });
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      if (entry.name === '.built') continue;
      const source = join(from, entry.name);
      const target = join(to, entry.name);
      if (entry.isDirectory()) copy(source, target);
      else if (/\.(html|js|css)$/.test(entry.name)) {
        writeFileSync(target, addressed(readFileSync(source, 'utf8'), gatewayUrl, hostUrl));
      } else copyFileSync(source, target);
    }
  };
  copy(SHARED_BUILD, outDir);
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  if (html.includes('.invalid:9') || !html.includes(new URL(hostUrl).origin)) {
    throw new Error("the shared renderer build did not take this test's addresses");
  }
}

/** Debian's Chromium, headless, as every till e2e drives it. */
export function launchTillBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--no-first-run',
    ],
  });
}
