/**
 * `can` decides what a back-office page renders from the session's permissions. It must read
 * them as the services do: the `*` wildcard grants every permission.
 */
import { describe, expect, it } from 'vitest';
import { can } from './guard.ts';
import type { SessionClaims } from './session.ts';

const session = (permissions: string[]): { claims: SessionClaims } => ({
  claims: { subject: 'staff-1', tenantId: 'tenant-1', roles: [], permissions },
});

describe('can', () => {
  it('grants a permission the token lists, and refuses one it does not', () => {
    expect(can(session(['catalog:read']), 'catalog:read')).toBe(true);
    expect(can(session(['catalog:read']), 'catalog:write')).toBe(false);
    expect(can(session([]), 'catalog:read')).toBe(false);
  });

  it('grants every permission to a token holding the * wildcard', () => {
    expect(can(session(['*']), 'catalog:read')).toBe(true);
    expect(can(session(['*']), 'staff:manage')).toBe(true);
  });
});
