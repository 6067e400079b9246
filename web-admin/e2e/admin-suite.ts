/**
 * The fixture of every admin browser suite: the whole backend (the test stack), the production
 * build of the admin under `next start` against it, Debian's Chromium driven by playwright-core,
 * and a GraphQL caller signed in as the suite's user. One `startAdminSuite()` in `beforeAll`, its
 * `close()` in `afterAll`.
 */
import {
  createStackForTests,
  loginHeaders,
  type TestStack,
  type TestStackOptions,
} from '@jowi/system/testing';
import { type Browser, chromium } from 'playwright-core';
import { adminEnvOf, ensureBuilt, type NextServer, startNext } from './next-server.ts';

const chromiumPath = process.env.JOWI_TEST_CHROMIUM;

/**
 * Whether the browser suites run: with Chromium, or always under CI (where its absence fails
 * the suite rather than skipping it). Says loudly when `what` is skipped.
 */
export function adminBrowserSuiteRuns(what: string): boolean {
  const runs = Boolean(chromiumPath) || process.env.CI === 'true';
  if (!runs) {
    const bar = '!'.repeat(78);
    console.warn(
      `\n${bar}\n!! JOWI_TEST_CHROMIUM is not set: ${what} is SKIPPED.\n` +
        `!! Install Chromium (apt-get install -y chromium) and run it through \`npm test\`.\n${bar}\n`,
    );
  }
  return runs;
}

/** A GraphQL call through the gateway that returns `data` and throws on any error. */
export type Api = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

/** A caller of the gateway at `url` with these headers (bearer token and content type). */
export function apiWith(url: string, headers: Record<string, string>): Api {
  return async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await response.json()) as { data?: T; errors?: unknown[] };
    if (!body.data || body.errors?.length) throw new Error(`API call failed: ${JSON.stringify(body)}`);
    return body.data;
  };
}

export interface AdminSuiteOptions {
  /** Options of the test stack (the fiscal simulator, gateway limits). */
  stack?: TestStackOptions;
  /** The user `api` and `headers` are signed in as; without it they are anonymous. */
  signInAs?: { email: string; password?: string };
}

export interface AdminSuite {
  stack: TestStack;
  server: NextServer;
  browser: Browser;
  /** The signed-in user's bearer headers (only the content type when anonymous). */
  headers: Record<string, string>;
  /** GraphQL through the gateway as the signed-in user. */
  api: Api;
  /** Closes the browser, stops the admin and the stack (drops its database). */
  close(): Promise<void>;
}

/** Debian's Chromium, headless, as every admin e2e drives it. */
export function launchAdminBrowser(executablePath: string): Promise<Browser> {
  return chromium.launch({
    executablePath,
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
}

/**
 * Starts the stack while the admin's build is made or reused, then the admin and the browser.
 * Whatever started is stopped again when a later step fails.
 */
export async function startAdminSuite(options: AdminSuiteOptions = {}): Promise<AdminSuite> {
  if (!chromiumPath) throw new Error('CI=true but JOWI_TEST_CHROMIUM is not set: install chromium.');
  const started: { stack?: TestStack; server?: NextServer; browser?: Browser } = {};
  const close = async () => {
    await started.browser?.close();
    await started.server?.stop();
    await started.stack?.close();
  };
  const t0 = performance.now();
  let stackMs = 0;
  try {
    const [stack, buildMs] = await Promise.all([
      createStackForTests(options.stack).then((s) => {
        started.stack = s;
        stackMs = performance.now() - t0;
        return s;
      }),
      ensureBuilt(),
    ]);
    if (buildMs) console.info(`web-admin: next build took ${(buildMs / 1000).toFixed(1)} s`);
    const t1 = performance.now();
    started.server = await startNext(adminEnvOf(stack));
    const t2 = performance.now();
    started.browser = await launchAdminBrowser(chromiumPath);
    const headers = options.signInAs
      ? await loginHeaders(stack.gatewayUrl, options.signInAs.email, options.signInAs.password)
      : { 'content-type': 'application/json' };
    const s = (ms: number) => (ms / 1000).toFixed(1);
    // What each file's setup costs, for the CI time budget (docs/performance.md).
    console.info(
      `web-admin e2e setup ${s(performance.now() - t0)} s: stack ${s(stackMs)} s, ` +
        `next start ${s(t2 - t1)} s, Chromium and sign-in ${s(performance.now() - t2)} s`,
    );
    return {
      stack,
      server: started.server,
      browser: started.browser,
      headers,
      api: apiWith(stack.gatewayUrl, headers),
      close,
    };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
