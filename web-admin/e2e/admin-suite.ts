/**
 * The fixture of every admin browser suite: the whole backend (the test stack), the production
 * build of the admin under `next start` against it, Debian's Chromium driven by playwright-core,
 * and a GraphQL caller signed in as the suite's user. One `startAdminSuite()` in `beforeAll`, its
 * `close()` in `afterAll`.
 *
 * A file with its own tenant (`e2eTenant('<file>')`) runs on its vitest worker's shared stack and
 * admin (./shared-stacks.ts, started once per worker and stopped at the end of the run), with the
 * tenant seeded into it: no other file's rows are visible to it. A file that needs stack options
 * (the fiscal simulator) gets a stack and an admin of its own, stopped by `close()`.
 */

import { request } from 'node:http';
import { type DemoTenant, demoTenant } from '@jowi/demo-data';
import {
  createStackForTests,
  loginHeaders,
  type TestStack,
  type TestStackOptions,
} from '@jowi/system/testing';
import { type Browser, chromium } from 'playwright-core';
import { inject } from 'vitest';
import { adminEnvOf, ensureBuilt, type NextServer, startNext } from './next-server.ts';
import type { SharedAdmin, TenantAsk } from './shared-stacks.ts';

const E2E_CITY = 'Toshkent';
/** This vitest worker's slot: the files of one slot share a stack. */
const POOL = process.env.VITEST_POOL_ID ?? '1';

/** A tenant of the demo's shape for one e2e file (`owner@e2e-<file>.uz`, its own ids). */
export function e2eTenant(file: string): DemoTenant {
  return demoTenant(`e2e-${file}`, `E2E ${file}`, E2E_CITY);
}

/** The part of a stack a file on the shared stack sees. */
export interface SuiteStack {
  gatewayUrl: string;
}

/** The admin under `next start` a suite drives. */
export interface AdminServer {
  url: string;
}

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
  /** The file's own tenant (from `e2eTenant`): the file runs on its worker's shared stack. */
  tenant?: DemoTenant;
  /** Options of a stack of the file's own (the fiscal simulator, gateway limits). */
  stack?: TestStackOptions;
  /** The user `api` and `headers` are signed in as; without it they are anonymous. */
  signInAs?: { email: string; password?: string };
}

export interface AdminSuite {
  stack: SuiteStack;
  /** The file's own stack; null on the worker's shared stack. */
  ownStack: TestStack | null;
  server: AdminServer;
  browser: Browser;
  /** The signed-in user's bearer headers (only the content type when anonymous). */
  headers: Record<string, string>;
  /** GraphQL through the gateway as the signed-in user. */
  api: Api;
  /** Closes the browser; stops an own admin and stack (drops its database). */
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
 * POSTs JSON and waits up to `timeoutMs` for the whole answer. Node's `fetch` gives up after
 * 300 s without response headers, and the first file of a run waits longer than that for a stack
 * and an admin build on a loaded machine (the shared-stack server has no time-out of its own).
 */
function postJson(url: string, body: unknown, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const sent = request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
        response.on('error', reject);
      },
    );
    sent.on('error', reject);
    sent.end(JSON.stringify(body));
  });
}

/** The shared stack and admin of this vitest worker, with `tenant` seeded into it. */
async function acquireShared(tenant: DemoTenant): Promise<SharedAdmin> {
  const ask: TenantAsk = { slug: tenant.slug, name: tenant.name, city: E2E_CITY };
  const answer = await postJson(`${inject('adminE2eStacks')}/acquire`, { pool: POOL, tenant: ask }, 600_000);
  if (answer.status !== 200) throw new Error(`the shared stack did not start: ${answer.text}`);
  return JSON.parse(answer.text) as SharedAdmin;
}

/** Tells the shared stack that this file is done with it (it may stop if no file asks soon). */
async function releaseShared(): Promise<void> {
  await fetch(`${inject('adminE2eStacks')}/release`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ pool: POOL }),
  }).catch(() => undefined);
}

const seconds = (ms: number) => (ms / 1000).toFixed(1);

/**
 * The suite of a file: on its worker's shared stack when it has its own tenant (and no stack
 * options), else on a stack of its own started while the admin's build is made or reused.
 * Whatever started is stopped again when a later step fails.
 */
export async function startAdminSuite(options: AdminSuiteOptions = {}): Promise<AdminSuite> {
  if (!chromiumPath) throw new Error('CI=true but JOWI_TEST_CHROMIUM is not set: install chromium.');
  const t0 = performance.now();
  let browser: Browser | undefined;
  if (options.tenant && !options.stack) {
    const shared = await acquireShared(options.tenant);
    const t1 = performance.now();
    try {
      browser = await launchAdminBrowser(chromiumPath);
      const headers = options.signInAs
        ? await loginHeaders(shared.gatewayUrl, options.signInAs.email, options.signInAs.password)
        : { 'content-type': 'application/json' };
      // What each file's setup costs, for the CI time budget (docs/performance.md).
      console.info(
        `web-admin e2e setup ${seconds(performance.now() - t0)} s: shared stack and tenant ` +
          `${seconds(t1 - t0)} s, Chromium and sign-in ${seconds(performance.now() - t1)} s`,
      );
      const opened = browser;
      return {
        stack: { gatewayUrl: shared.gatewayUrl },
        ownStack: null,
        server: { url: shared.adminUrl },
        browser: opened,
        headers,
        api: apiWith(shared.gatewayUrl, headers),
        async close() {
          await opened.close();
          await releaseShared();
        },
      };
    } catch (error) {
      await browser?.close().catch(() => undefined);
      throw error;
    }
  }
  return startOwnSuite(options, chromiumPath, t0);
}

async function startOwnSuite(
  options: AdminSuiteOptions,
  chromiumPath: string,
  t0: number,
): Promise<AdminSuite> {
  const started: { stack?: TestStack; server?: NextServer; browser?: Browser } = {};
  const close = async () => {
    await started.browser?.close();
    await started.server?.stop();
    await started.stack?.close();
  };
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
    if (buildMs) console.info(`web-admin: next build took ${seconds(buildMs)} s`);
    const t1 = performance.now();
    started.server = await startNext(adminEnvOf(stack));
    const t2 = performance.now();
    started.browser = await launchAdminBrowser(chromiumPath);
    const headers = options.signInAs
      ? await loginHeaders(stack.gatewayUrl, options.signInAs.email, options.signInAs.password)
      : { 'content-type': 'application/json' };
    console.info(
      `web-admin e2e setup ${seconds(performance.now() - t0)} s: stack ${seconds(stackMs)} s, ` +
        `next start ${seconds(t2 - t1)} s, Chromium and sign-in ${seconds(performance.now() - t2)} s`,
    );
    return {
      stack,
      ownStack: stack,
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
