/**
 * Who sees which secret in docker/compose.yaml. There is no Docker engine here, but
 * `docker-compose config` resolves the file offline (anchors, merges, `${VAR}` interpolation):
 * it runs with a distinct placeholder per secret, and each service's resolved configuration is
 * searched for every placeholder — so a password embedded in a URL counts as seen.
 *
 * Debian's docker-compose 1.29 prints only YAML (`--format json` came with Compose v2); JSON is
 * YAML too, so the output is parsed with a YAML parser and either version works.
 * With CI=true a missing docker-compose fails; otherwise the suite is skipped with a loud notice.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseConfig,
  RUNTIME_SERVICES,
  rolePasswordVariable,
  roleUrl,
  runtimeRole,
  SUBGRAPHS,
  type SubgraphName,
  subgraphEnvSchema,
} from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const COMPOSE_FILE = new URL('./compose.yaml', import.meta.url).pathname;
const ci = process.env.CI === 'true' || process.env.CI === '1';
const installed = spawnSync('docker-compose', ['version'], { encoding: 'utf8' }).status === 0;
if (!installed && ci)
  throw new Error('CI=true and docker-compose is missing: apt-get install docker-compose');
if (!installed) {
  const bar = '!'.repeat(78);
  console.warn(
    `\n${bar}\n!! docker-compose is missing: docker/compose.spec.ts is SKIPPED.\n` +
      `!! Get it: apt-get install -y --no-install-recommends docker-compose\n${bar}\n`,
  );
}

const DB_PASSWORDS = RUNTIME_SERVICES.map((name) => rolePasswordVariable(name));
/** Every secret compose takes from the environment. JWKs must be JSON for the services' env schemas. */
const SECRETS = [
  'POSTGRES_PASSWORD',
  ...DB_PASSWORDS,
  'IDENTITY_PRIVATE_JWK',
  'IDENTITY_PUBLIC_JWKS',
  'GATEWAY_PRIVATE_JWK',
  'GATEWAY_PUBLIC_JWK',
];
const tag = randomBytes(4).toString('hex');
const placeholder = (name: string) =>
  name.includes('JWK') ? JSON.stringify({ kty: 'OKP', placeholder: `${name}-${tag}` }) : `${name}-${tag}`;
/** What each placeholder looks like inside a service's resolved configuration. */
const marker = (name: string) => `${name}-${tag}`;

interface Service {
  environment?: Record<string, string | null>;
  depends_on?: Record<string, { condition: string }>;
  restart?: string;
  [key: string]: unknown;
}

const dir = mkdtempSync(join(tmpdir(), 'jowi-compose-'));
// An empty env file, so a developer's docker/.env cannot fill in what the test leaves out.
const emptyEnvFile = join(dir, 'empty.env');
writeFileSync(emptyEnvFile, '');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function composeConfig(secrets: Record<string, string>) {
  return spawnSync('docker-compose', ['--env-file', emptyEnvFile, '-f', COMPOSE_FILE, 'config'], {
    encoding: 'utf8',
    // Only PATH and the secrets: nothing from the test runner's own environment leaks in.
    env: { PATH: process.env.PATH, ...secrets },
  });
}

function resolvedServices(): Record<string, Service> {
  const result = composeConfig(Object.fromEntries(SECRETS.map((name) => [name, placeholder(name)])));
  expect(result.status, result.stderr).toBe(0);
  return (parse(result.stdout) as { services: Record<string, Service> }).services;
}

/** The secrets whose placeholder occurs anywhere in a service's configuration. */
function secretsSeenBy(service: Service): string[] {
  const text = JSON.stringify(service);
  return SECRETS.filter((name) => text.includes(marker(name))).sort();
}

const sorted = (names: string[]) => [...names].sort();

describe.skipIf(!installed)('docker/compose.yaml (docker-compose config)', () => {
  let services: Record<string, Service> = {};
  beforeAll(() => {
    services = resolvedServices();
  });

  it('has exactly the services this spec knows about', () => {
    expect(Object.keys(services).sort()).toEqual(
      sorted(['postgres', 'redis', 'migrate', ...SUBGRAPHS, 'gateway', 'web-admin']),
    );
  });

  it('gives each service exactly the secrets it needs and nothing else', () => {
    const seen = Object.fromEntries(Object.entries(services).map(([name, s]) => [name, secretsSeenBy(s)]));
    const subgraphSecrets = (name: SubgraphName) =>
      sorted([
        rolePasswordVariable(name),
        'GATEWAY_PUBLIC_JWK',
        ...(name === 'identity' ? ['IDENTITY_PRIVATE_JWK'] : []),
      ]);
    expect(seen).toEqual({
      postgres: ['POSTGRES_PASSWORD'],
      redis: [],
      // The one-shot job: the superuser login, and every role's password to set it.
      migrate: sorted(['POSTGRES_PASSWORD', ...DB_PASSWORDS]),
      ...Object.fromEntries(SUBGRAPHS.map((name) => [name, subgraphSecrets(name)])),
      gateway: sorted([
        'GATEWAY_DB_PASSWORD',
        'GATEWAY_PRIVATE_JWK',
        'GATEWAY_PUBLIC_JWK',
        'IDENTITY_PUBLIC_JWKS',
      ]),
      'web-admin': [],
    });
  });

  it('has each subgraph log in as its own role with its own password, the address carrying no credentials', () => {
    for (const name of SUBGRAPHS) {
      const env = services[name]!.environment ?? {};
      const url = new URL(env.DATABASE_URL ?? '');
      expect({ user: url.username, password: url.password, host: url.host }, name).toEqual({
        user: runtimeRole(name),
        password: '',
        host: 'postgres:5432',
      });
      // The service's own env schema accepts it, and server-kit turns it into its role's login.
      const parsed = parseConfig(subgraphEnvSchema, env as Record<string, string>);
      expect(parsed.DB_ROLE_PASSWORD, name).toBe(placeholder(rolePasswordVariable(name)));
      const login = new URL(roleUrl(parsed.DATABASE_URL, runtimeRole(name), parsed.DB_ROLE_PASSWORD));
      expect([login.username, decodeURIComponent(login.password), login.pathname], name).toEqual([
        runtimeRole(name),
        placeholder(rolePasswordVariable(name)),
        '/jowi',
      ]);
    }
  });

  it('gives the web admin no database settings at all', () => {
    const keys = Object.keys(services['web-admin']!.environment ?? {});
    expect(keys.filter((key) => /DATABASE|DB_|^PG|POSTGRES/.test(key))).toEqual([]);
  });

  it('has the gateway read the event log (subscriptions) as its own role, the address carrying no credentials', () => {
    const env = services.gateway!.environment ?? {};
    const url = new URL(env.DATABASE_URL ?? '');
    expect({ user: url.username, password: url.password, host: url.host }).toEqual({
      user: runtimeRole('gateway'),
      password: '',
      host: 'postgres:5432',
    });
    expect(env.DB_ROLE_PASSWORD).toBe(marker('GATEWAY_DB_PASSWORD'));
  });

  it('runs migrations once, as the superuser, before any subgraph starts', () => {
    const migrate = services.migrate!;
    expect(migrate.restart).toBe('no');
    const admin = new URL(migrate.environment?.DATABASE_URL ?? '');
    expect([admin.username, admin.password]).toEqual(['postgres', marker('POSTGRES_PASSWORD')]);
    for (const name of SUBGRAPHS) {
      expect(services[name]!.depends_on?.migrate, name).toEqual({
        condition: 'service_completed_successfully',
      });
    }
    // Every runtime role logs in (the gateway to read the event log), each with its own password.
    const withPassword = RUNTIME_SERVICES.filter((s) => migrate.environment?.[rolePasswordVariable(s)]);
    expect(withPassword).toEqual([...RUNTIME_SERVICES]);
  });

  it('refuses to resolve without a secret, naming it', () => {
    for (const missing of ['SALES_DB_PASSWORD', 'POSTGRES_PASSWORD']) {
      const secrets = Object.fromEntries(
        SECRETS.filter((name) => name !== missing).map((name) => [name, placeholder(name)]),
      );
      const result = composeConfig(secrets);
      expect(result.status, missing).not.toBe(0);
      expect(result.stderr, missing).toContain(missing);
    }
  });
});
