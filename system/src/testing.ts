/**
 * For cross-service and browser tests: a fresh database (migrated with every subgraph's real
 * migrations, seeded with the demo data) and the whole backend on free ports.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DemoTenant } from '@jowi/demo-data';
import { type GatewayEnv, type StartedGateway, startGateway } from '@jowi/gateway';
import { databaseAddress, generateSigningKeys } from '@jowi/server-kit';
import {
  createTestDatabase,
  postGraphQL,
  type TestDatabase,
  testRolePassword,
} from '@jowi/server-kit/testing';
import { ALL_MIGRATIONS, type Stack, type StackKeys, seedDemo, startStack } from './stack.ts';

export interface TestStack extends Stack {
  db: TestDatabase;
  keys: StackKeys;
}

export interface TestStackOptions {
  /**
   * Also run the fiscal module simulator behind a fiscal gateway (state in a temporary folder)
   * and bind every demo terminal to it as a CENTRAL device, as `npm start` does.
   */
  fiscalSimulator?: boolean;
  /** Gateway limits over the defaults. */
  gatewayEnv?: Partial<GatewayEnv>;
}

/** The backend on a fresh database. */
export async function createStackForTests(options: TestStackOptions = {}): Promise<TestStack> {
  const db = await createTestDatabase(ALL_MIGRATIONS);
  const fiscalDir = options.fiscalSimulator ? mkdtempSync(join(tmpdir(), 'jowi-stack-fiscal-')) : null;
  const keys = {
    identity: await generateSigningKeys('identity-test'),
    gateway: await generateSigningKeys('gateway-test'),
  };
  const stack = await startStack({
    adminUrl: db.adminUrl,
    rolePassword: process.env.JOWI_TEST_ROLE_PASSWORD || undefined,
    redisUrl: process.env.JOWI_TEST_REDIS_URL,
    keys,
    seed: 'always',
    logLevel: 'silent',
    nodeEnv: 'test',
    // Revocation must show at once in tests; production keeps the 30 s default.
    apiKeyCacheSeconds: 0,
    ...(fiscalDir ? { fiscalSimulator: { dataDir: fiscalDir } } : {}),
    gatewayEnv: options.gatewayEnv ?? {},
  });
  return {
    ...stack,
    db,
    keys,
    async close() {
      await stack.close();
      await db.drop();
      if (fiscalDir) rmSync(fiscalDir, { recursive: true, force: true });
    },
  };
}

/** Signs in through the gateway and returns the bearer headers. */
export async function loginHeaders(
  gatewayUrl: string,
  email: string,
  password = 'jowi-demo',
): Promise<Record<string, string>> {
  const response = await fetch(gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code message } } }',
      variables: { input: { email, password } },
    }),
  });
  const body = (await response.json()) as {
    data?: { login: { accessToken: string | null; errors: { code: string }[] } };
  };
  const token = body.data?.login.accessToken;
  if (!token) throw new Error(`login failed for ${email}: ${JSON.stringify(body)}`);
  return { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
}

/** A gateway response as the specs read it: HTTP status plus the GraphQL body. */
export interface GqlResult<T> {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
  /** The gateway's response extensions (`cost`, `rateLimit`). */
  extensions?: Record<string, unknown>;
}

/**
 * A caller of the gateway for specs. The URL is read on each call, so the client can be made at
 * module level and the stack started later in `beforeAll`.
 */
export function gatewayClient(url: () => string) {
  return async <T>(
    query: string,
    variables: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ): Promise<GqlResult<T>> => {
    const res = await postGraphQL<T>(url(), query, variables, headers);
    return { status: res.status, ...res.body };
  };
}

/**
 * Waits until every event consumer has applied all of the signed-in owner's tenant's events (the
 * demo seed's sale among them), so a spec that counts events (a subscription's first one, a
 * low-stock crossing) does not see the seed's being worked off. Also waits, when asked, until no
 * fiscal receipt is PENDING any more. Fails after `timeoutMs`.
 */
export async function untilConsumersCaughtUp(
  gatewayUrl: string,
  owner: Record<string, string>,
  options: { noPendingReceipts?: boolean; timeoutMs?: number } = {},
): Promise<void> {
  const gql = gatewayClient(() => gatewayUrl);
  const deadline = Date.now() + (options.timeoutMs ?? 90_000);
  for (;;) {
    const res = await gql<{
      eventConsumers: { name: string; eventsBehind: number }[];
      fiscalReceipts: { edges: unknown[] };
    }>(
      `{ eventConsumers { name eventsBehind }
         fiscalReceipts(filter: { status: PENDING }, first: 1) @include(if: ${options.noPendingReceipts === true}) { edges { cursor } } }`,
      {},
      owner,
    );
    if (res.errors) throw new Error(`eventConsumers: ${JSON.stringify(res.errors)}`);
    const behind = res.data!.eventConsumers.filter((c) => c.eventsBehind > 0);
    const pending = res.data!.fiscalReceipts?.edges.length ?? 0;
    if (behind.length === 0 && pending === 0) return;
    if (Date.now() > deadline) {
      throw new Error(`consumers not caught up: ${JSON.stringify(behind)}, ${pending} PENDING receipt(s)`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Seeds a tenant of its own for a test into a running test stack's database (see `demoTenant`). */
export async function seedTenantForTests(adminUrl: string, tenant: DemoTenant): Promise<void> {
  await seedDemo(adminUrl, process.env.JOWI_TEST_ROLE_PASSWORD || undefined, () => undefined, [tenant]);
}

/**
 * Another gateway process's worth over the stack's subgraphs (its own Apollo Server, caches and
 * Redis connections), with `env` over the test defaults. The caller closes it.
 */
export function startSecondGateway(stack: TestStack, env: Partial<GatewayEnv> = {}): Promise<StartedGateway> {
  const subgraphUrls = Object.fromEntries(
    stack.services
      .filter((service) => service.name !== 'gateway')
      .map((service) => [`SUBGRAPH_${service.name.toUpperCase()}_URL`, service.url]),
  );
  return startGateway({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATABASE_URL: databaseAddress(stack.db.adminUrl),
    DB_ROLE_PASSWORD: testRolePassword(),
    DB_POOL_SIZE: 2,
    REDIS_URL: process.env.JOWI_TEST_REDIS_URL,
    PORT: 0,
    GATEWAY_PRIVATE_JWK: stack.keys.gateway.privateJwk as Record<string, unknown>,
    IDENTITY_PUBLIC_JWKS: [stack.keys.identity.publicJwk as Record<string, unknown>],
    ...subgraphUrls,
    MAX_QUERY_DEPTH: 12,
    API_KEY_CACHE_SECONDS: 0,
    ...env,
  } as GatewayEnv);
}
