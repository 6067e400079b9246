import { createServer } from 'node:net';
import { DEMO_PASSWORD, DEMO_TENANTS } from '@jowi/demo-data';
import {
  ANONYMOUS,
  createRedis,
  generateSigningKeys,
  type Identity,
  type Logger,
  type RunningService,
} from '@jowi/server-kit';
import {
  createTestDatabase,
  createTestKeys,
  identityHeaders,
  postGraphQL,
  type TestDatabase,
  type TestKeys,
  testSubgraphEnv,
} from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoData, entities, migrations, startIdentity } from './index.ts';
import { LoginThrottle, throttlePrefix } from './services/login-throttle.ts';

const DEMO = DEMO_TENANTS[0]!;
const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
const REDIS_URL = process.env.JOWI_TEST_REDIS_URL;
const LIMITS = {
  LOGIN_MAX_FAILURES: 3,
  LOGIN_LOCK_BASE_SECONDS: 1,
  LOGIN_LOCK_MAX_SECONDS: 4,
  LOGIN_IP_MAX_FAILURES: 8,
  LOGIN_IP_WINDOW_SECONDS: 2,
};

let db: TestDatabase;
let keys: TestKeys;
let privateJwk: Record<string, unknown>;
let withRedis: RunningService;

/** A TCP port nothing listens on. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
  keys = await createTestKeys();
  privateJwk = (await generateSigningKeys('throttle-spec')).privateJwk as Record<string, unknown>;
  await applyDemoData(await db.dataSource('identity', entities), [DEMO]);
  withRedis = await startIdentity(testSubgraphEnv(db, keys, { IDENTITY_PRIVATE_JWK: privateJwk, ...LIMITS }));
});

afterAll(async () => {
  await withRedis?.close();
  await db?.drop();
});

interface Payload {
  accessToken: string | null;
  retryAfterSeconds: number | null;
  errors: { code: string; message: string; field: string[] | null }[];
}

async function login(service: RunningService, email: string, password: string, ip: string): Promise<Payload> {
  const identity: Identity = { ...ANONYMOUS, clientIp: ip };
  const res = await postGraphQL<{ login: Payload }>(
    service.url,
    'mutation($i: LoginInput!) { login(input: $i) { accessToken retryAfterSeconds errors { code message field } } }',
    { i: { email, password } },
    await identityHeaders(keys, identity),
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.login;
}
const code = (p: Payload) => p.errors[0]?.code ?? 'OK';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('login throttling', () => {
  it('locks an account+IP after N failures, alike for unknown emails, then releases and grows', async () => {
    const ip = '198.51.100.1';
    for (let i = 0; i < LIMITS.LOGIN_MAX_FAILURES; i++) {
      expect(code(await login(withRedis, owner.email!, 'wrong-password', ip))).toBe('INVALID_CREDENTIALS');
    }
    // Locked: even the right password is not checked.
    const locked = await login(withRedis, owner.email!, DEMO_PASSWORD, ip);
    expect(code(locked)).toBe('LOGIN_LOCKED');
    expect(locked.retryAfterSeconds).toBe(1);
    expect(locked.accessToken).toBeNull();

    // An email nobody has gets exactly the same treatment and answer.
    for (let i = 0; i < LIMITS.LOGIN_MAX_FAILURES; i++) {
      expect(code(await login(withRedis, 'ghost@nowhere.uz', 'wrong-password', ip))).toBe(
        'INVALID_CREDENTIALS',
      );
    }
    expect(await login(withRedis, 'ghost@nowhere.uz', 'wrong-password', ip)).toEqual(locked);

    // Another IP is not locked for this account.
    expect(code(await login(withRedis, owner.email!, DEMO_PASSWORD, '198.51.100.2'))).toBe('OK');

    // The lock releases after its time; one more failure locks again, twice as long.
    await sleep(1100);
    expect(code(await login(withRedis, owner.email!, 'wrong-password', ip))).toBe('INVALID_CREDENTIALS');
    const longer = await login(withRedis, owner.email!, DEMO_PASSWORD, ip);
    expect(code(longer)).toBe('LOGIN_LOCKED');
    expect(longer.retryAfterSeconds).toBe(2);

    // After it, a success resets the run: N-1 new failures do not lock.
    await sleep(2100);
    expect(code(await login(withRedis, owner.email!, DEMO_PASSWORD, ip))).toBe('OK');
    for (let i = 0; i < LIMITS.LOGIN_MAX_FAILURES - 1; i++) {
      expect(code(await login(withRedis, owner.email!, 'wrong-password', ip))).toBe('INVALID_CREDENTIALS');
    }
    expect(code(await login(withRedis, owner.email!, DEMO_PASSWORD, ip))).toBe('OK');
  });

  it('locks an IP that fails across many accounts, for the window', async () => {
    const ip = '198.51.100.9';
    for (let i = 0; i < LIMITS.LOGIN_IP_MAX_FAILURES; i++) {
      expect(code(await login(withRedis, `spray${i}@nowhere.uz`, 'wrong-password', ip))).toBe(
        'INVALID_CREDENTIALS',
      );
    }
    const locked = await login(withRedis, owner.email!, DEMO_PASSWORD, ip);
    expect(code(locked)).toBe('LOGIN_LOCKED');
    expect(locked.retryAfterSeconds).toBeLessThanOrEqual(LIMITS.LOGIN_IP_WINDOW_SECONDS);
    expect(code(await login(withRedis, owner.email!, DEMO_PASSWORD, '198.51.100.10'))).toBe('OK');
    await sleep(LIMITS.LOGIN_IP_WINDOW_SECONDS * 1000 + 100);
    expect(code(await login(withRedis, owner.email!, DEMO_PASSWORD, ip))).toBe('OK');
  });

  it.skipIf(!REDIS_URL)('keeps its counters in Redis, under a per-database namespace', async () => {
    const redis = createRedis(REDIS_URL)!;
    try {
      const prefix = throttlePrefix(db.adminUrl);
      expect(prefix).toBe(`jowi:${db.name}:login`);
      await login(withRedis, owner.email!, 'wrong-password', '198.51.100.77');
      const found = await redis.keys(`${prefix}:*198.51.100.77`);
      expect(found.some((k) => k.startsWith(`${prefix}:fail:`))).toBe(true);
      expect(found.join(' ')).not.toContain(owner.email!);
    } finally {
      redis.disconnect();
    }
  });
});

describe('login throttling when Redis is unreachable', () => {
  it('falls back to the in-process limiter: still locks, never unlimited', async () => {
    const service = await startIdentity(
      testSubgraphEnv(db, keys, {
        IDENTITY_PRIVATE_JWK: privateJwk,
        ...LIMITS,
        LOGIN_LOCK_BASE_SECONDS: 60,
        LOGIN_LOCK_MAX_SECONDS: 60,
        REDIS_URL: `redis://127.0.0.1:${await deadPort()}`,
      }),
    );
    try {
      const ip = '203.0.113.5';
      for (let i = 0; i < LIMITS.LOGIN_MAX_FAILURES; i++) {
        expect(code(await login(service, owner.email!, 'wrong-password', ip))).toBe('INVALID_CREDENTIALS');
      }
      const locked = await login(service, owner.email!, DEMO_PASSWORD, ip);
      expect(code(locked)).toBe('LOGIN_LOCKED');
      expect(locked.retryAfterSeconds).toBe(60);
      // Sign-ins themselves keep working meanwhile.
      expect(code(await login(service, owner.email!, DEMO_PASSWORD, '203.0.113.6'))).toBe('OK');
    } finally {
      await service.close();
    }
  });

  it('logs a warning when it falls back', async () => {
    const warnings: string[] = [];
    const log = { warn: (_obj: unknown, message: string) => warnings.push(message) } as unknown as Logger;
    const throttle = new LoginThrottle(
      { maxFailures: 2, lockBaseSeconds: 30, lockMaxSeconds: 60, ipMaxFailures: 100, ipWindowSeconds: 60 },
      'jowi:unit:login',
      log,
    );
    const dead = createRedis(`redis://127.0.0.1:${await deadPort()}`)!;
    dead.on('error', () => undefined);
    try {
      await throttle.failure(dead, 'email:a@b.uz', '1.2.3.4');
      await throttle.failure(dead, 'email:a@b.uz', '1.2.3.4');
      expect(await throttle.check(dead, 'email:a@b.uz', '1.2.3.4')).toEqual({
        locked: true,
        retryAfterSeconds: 30,
      });
      expect(await throttle.check(dead, 'email:a@b.uz', '1.2.3.5')).toEqual({ locked: false });
      expect(warnings).toHaveLength(1); // once per outage period, not per request
      expect(warnings[0]).toMatch(/Redis unreachable/);
    } finally {
      dead.disconnect();
    }
  });
});
