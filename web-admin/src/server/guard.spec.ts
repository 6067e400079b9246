/**
 * `can` decides what a back-office page renders from the session's permissions. It must read
 * them as the services do: the `*` wildcard grants every permission.
 */
import { describe, expect, it } from 'vitest';
import { can, canUseBackOffice } from './guard.ts';
import type { SessionClaims } from './session.ts';

const session = (permissions: string[], kind = 'staff'): { claims: SessionClaims } => ({
  claims: { subject: 'staff-1', tenantId: 'tenant-1', kind, roles: [], permissions },
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

describe('canUseBackOffice', () => {
  it("refuses a cashier's permissions and admits an accountant's", () => {
    const cashier = ['catalog:read', 'sales:sync', 'sales:read', 'shift:open', 'shift:close'];
    expect(canUseBackOffice(session(cashier))).toBe(false);
    expect(canUseBackOffice(session(['sales:read', 'reports:read', 'fiscal:read']))).toBe(true);
  });

  it('refuses a terminal or API key token whatever it grants', () => {
    expect(canUseBackOffice(session(['*'], 'terminal'))).toBe(false);
    expect(canUseBackOffice(session(['*'], 'apikey'))).toBe(false);
  });
});
