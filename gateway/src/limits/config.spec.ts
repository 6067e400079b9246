/**
 * The limits' defaults by environment (issue 16): anonymous callers get no introspection and no
 * "Did you mean" hints in production unless ANONYMOUS_INTROSPECTION says otherwise; the CORS
 * defaults are the web admin's and the POS renderer's origins and let the POS send its
 * `x-jowi-client-version`. system/src/limits.spec.ts checks the behaviour over HTTP.
 */

import type { Identity } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import type { GatewayEnv } from '../env.ts';
import {
  bucketSubject,
  CORS_ALLOW_HEADERS,
  callerClass,
  DEFAULT_CLASS_LIMITS,
  DEFAULT_CORS_ORIGINS,
  limitsConfig,
} from './config.ts';

/** The fields limitsConfig reads; the rest of the environment does not matter here. */
const env = (over: Partial<GatewayEnv>) => ({ MAX_QUERY_DEPTH: 12, ...over }) as GatewayEnv;

describe('limitsConfig', () => {
  it('turns anonymous introspection off in production, on elsewhere, and follows the setting', () => {
    expect(limitsConfig(env({ NODE_ENV: 'production' })).anonymousIntrospection).toBe(false);
    expect(limitsConfig(env({ NODE_ENV: 'development' })).anonymousIntrospection).toBe(true);
    expect(
      limitsConfig(env({ NODE_ENV: 'production', ANONYMOUS_INTROSPECTION: true })).anonymousIntrospection,
    ).toBe(true);
    expect(
      limitsConfig(env({ NODE_ENV: 'test', ANONYMOUS_INTROSPECTION: false })).anonymousIntrospection,
    ).toBe(false);
  });

  it('gives anonymous callers 256 KiB, signed-in ones 1 MiB, unless configured', () => {
    const defaults = limitsConfig(env({}));
    expect(defaults.classes.anonymous.bodyBytes).toBe(256 * 1024);
    expect(defaults.classes.staff.bodyBytes).toBe(1024 * 1024);
    expect(defaults.classes.terminal.bodyBytes).toBe(1024 * 1024);
    const set = limitsConfig(env({ MAX_BODY_BYTES: 2_000_000, MAX_BODY_BYTES_ANONYMOUS: 100_000 }));
    expect([set.classes.anonymous.bodyBytes, set.classes.apikey.bodyBytes]).toEqual([100_000, 2_000_000]);
  });

  it("allows the admin's and the POS renderer's origins and the POS's client-version header by default", () => {
    expect(DEFAULT_CORS_ORIGINS).toEqual(
      expect.arrayContaining(['http://localhost:3000', 'http://localhost:5173']),
    );
    expect(CORS_ALLOW_HEADERS).toContain('x-jowi-client-version');
  });
});

describe('budget classes', () => {
  const T = '0190a000-0000-7000-8000-00000000000a';
  const who = (over: Partial<Identity>): Identity => ({
    kind: 'anonymous',
    tenantId: null,
    subject: null,
    roles: [],
    permissions: [],
    ...over,
  });

  it('puts terminals and cashiers in a PIN session on a terminal in the terminal class, with its own bucket', () => {
    const cashier = who({ kind: 'staff', tenantId: T, subject: 'cashier-1', terminalId: 'term-1' });
    const terminal = who({ kind: 'terminal', tenantId: T, subject: 'term-1' });
    expect([callerClass(cashier), callerClass(terminal)]).toEqual(['terminal', 'terminal']);
    // One bucket per terminal, whoever is signed in on it.
    expect(bucketSubject(cashier, 'terminal')).toBe(bucketSubject(terminal, 'terminal'));
    expect(DEFAULT_CLASS_LIMITS.terminal.bucket.capacity).toBeGreaterThan(
      DEFAULT_CLASS_LIMITS.staff.bucket.capacity,
    );
  });

  it('gives a staff member, an API key and an anonymous IP a bucket each', () => {
    const manager = who({ kind: 'staff', tenantId: T, subject: 'manager-1' });
    const key = who({ kind: 'apikey', tenantId: T, subject: 'key-1' });
    const anonymous = who({ clientIp: '203.0.113.9' });
    expect([callerClass(manager), callerClass(key), callerClass(anonymous)]).toEqual([
      'staff',
      'apikey',
      'anonymous',
    ]);
    expect(bucketSubject(manager, 'staff')).toBe(`${T}:manager-1`);
    expect(bucketSubject(key, 'apikey')).toBe(`${T}:key-1`);
    expect(bucketSubject(anonymous, 'anonymous')).toBe('203.0.113.9');
  });
});
