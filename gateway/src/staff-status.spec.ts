/**
 * The gateway's check of disabled staff: a valid staff token of a person identity reports
 * inactive is refused (`STAFF_DISABLED`), within the verdict cache's 60 s; other callers and an
 * unreachable identity leave the signature's verdict as it is.
 */
import type { AccessClaims, AccessTokenVerdict } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import { createAccessTokenCache } from './access-token-cache.ts';
import { refuseDisabledStaff } from './staff-status.ts';

const claims = (kind: AccessClaims['kind'], sub: string): AccessClaims => ({
  sub,
  tid: '0190a000-0000-7000-8000-0000000000a1',
  kind,
  roles: [],
  perms: [],
});
const valid = (c: AccessClaims, expiresAt = 4_000_000_000): AccessTokenVerdict => ({
  ok: true,
  claims: c,
  expiresAt,
});

describe('refuseDisabledStaff', () => {
  it('refuses a disabled person, keeps an active one, and fails open when identity cannot say', async () => {
    const status = new Map<string, boolean | null>([
      ['off', false],
      ['on', true],
      ['unknown', null],
    ]);
    const asked: string[] = [];
    const verify = refuseDisabledStaff(
      async (token) => valid(claims(token.startsWith('key') ? 'apikey' : 'staff', token.replace('key-', ''))),
      async (_tenant, staffId) => {
        asked.push(staffId);
        return status.get(staffId) ?? null;
      },
    );
    expect(await verify('off')).toEqual({ ok: false, code: 'STAFF_DISABLED' });
    expect((await verify('on')).ok).toBe(true);
    expect((await verify('unknown')).ok).toBe(true);
    // Only staff tokens are checked.
    expect((await verify('key-off')).ok).toBe(true);
    expect(asked).toEqual(['off', 'on', 'unknown']);
  });

  it('behind the verdict cache, a person disabled after their first request is refused once 60 s have passed', async () => {
    let active = true;
    let now = 1_000_000;
    const verify = createAccessTokenCache(
      refuseDisabledStaff(
        async () => valid(claims('staff', 'cashier')),
        async () => active,
      ),
      () => now,
    );
    expect((await verify('t')).ok).toBe(true);
    active = false;
    now += 59_000;
    expect((await verify('t')).ok).toBe(true);
    now += 1_001;
    expect(await verify('t')).toEqual({ ok: false, code: 'STAFF_DISABLED' });
  });
});
