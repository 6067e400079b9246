/**
 * Helpers of till.spec.ts that need nothing of its running stack: a free TCP port, the demo
 * cashier's refund role, restoring an environment variable, and the docs screenshots.
 */
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
 * With JOWI_E2E_SCREENSHOTS=<folder>, saves the screen in the light and the dark theme for the
 * docs (`pos-<name>-light.png`, `pos-<name>-dark.png`). The theme is the `.dark` class the
 * @jowi/ui tokens follow; it is flipped directly so an open dialog stays as it is.
 */
export async function snap(page: Page, name: string): Promise<void> {
  const folder = process.env.JOWI_E2E_SCREENSHOTS;
  if (!folder) return;
  const dark = () => page.evaluate(() => document.documentElement.classList.toggle('dark'));
  await page.screenshot({ path: join(folder, `pos-${name}-light.png`) });
  await dark();
  await page.screenshot({ path: join(folder, `pos-${name}-dark.png`) });
  await dark();
}

const RENDERER_CONFIG = fileURLToPath(new URL('../vite.renderer.config.ts', import.meta.url));

/**
 * Builds the renderer as shipped (production React) into `outDir`, its CSP allowing connections
 * to `gatewayUrl` and `hostUrl` only — a page built for other addresses cannot reach this test's
 * proxy and host, and never renders past its first request.
 */
export async function buildTill(outDir: string, gatewayUrl: string, hostUrl: string): Promise<void> {
  const saved = {
    NODE_ENV: process.env.NODE_ENV,
    VITE_GATEWAY_URL: process.env.VITE_GATEWAY_URL,
    VITE_POS_HOST_URL: process.env.VITE_POS_HOST_URL,
  };
  // The test runner's NODE_ENV=test would select React's dev build.
  process.env.NODE_ENV = 'production';
  process.env.VITE_GATEWAY_URL = gatewayUrl;
  process.env.VITE_POS_HOST_URL = hostUrl;
  try {
    await build({ configFile: RENDERER_CONFIG, mode: 'production', logLevel: 'warn', build: { outDir } });
  } finally {
    for (const [name, value] of Object.entries(saved)) restoreEnv(name, value);
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
