/**
 * Disabled staff at the gateway. An access token proves who signed in until it expires (15 min);
 * to stop a disabled person sooner, each fresh verdict of a staff token (the verdict cache keeps
 * one at most 60 s) also asks identity whether the person is still active
 * (`POST /internal/staff/status`, with the same gateway-signed system identity as API-key
 * verification). So a disabled person's tokens stop working within 60 s.
 *
 * When identity cannot answer, the token's signature still stands and the request goes through
 * (logged): a short identity outage must not sign every cashier out. The window is then the
 * token's own lifetime, as before this check existed.
 */
import {
  type AccessTokenVerdict,
  type CryptoKey,
  IDENTITY_HEADER,
  type Identity,
  type Logger,
  signIdentity,
} from '@jowi/server-kit';
import { z } from 'zod';

const STATUS_PATH = '/internal/staff/status';
const TIMEOUT_MS = 3000;
const answerSchema = z.object({ active: z.boolean() });

export interface StaffStatusOptions {
  identityUrl: () => string | undefined;
  signingKey: CryptoKey;
  signingKid: string | undefined;
  log: Logger;
}

/** Whether a staff member is active; null when identity could not say. */
export function createStaffStatusCheck(options: StaffStatusOptions) {
  const caller: Identity = { kind: 'system', tenantId: null, subject: 'gateway', roles: [], permissions: [] };
  return async (tenantId: string, staffId: string): Promise<boolean | null> => {
    const base = options.identityUrl();
    if (!base) return null;
    try {
      const response = await fetch(new URL(STATUS_PATH, base), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          [IDENTITY_HEADER]: await signIdentity(options.signingKey, options.signingKid, caller),
        },
        body: JSON.stringify({ tenantId, staffId }),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
      if (!response.ok) {
        options.log.warn({ status: response.status }, 'staff status refused by identity');
        return null;
      }
      const parsed = answerSchema.safeParse(await response.json());
      return parsed.success ? parsed.data.active : null;
    } catch (error) {
      options.log.warn({ err: (error as Error).message }, 'staff status unavailable');
      return null;
    }
  };
}

/** Wraps a signature check: a valid staff token of a disabled person becomes `STAFF_DISABLED`. */
export function refuseDisabledStaff(
  verify: (token: string) => Promise<AccessTokenVerdict>,
  isActive: (tenantId: string, staffId: string) => Promise<boolean | null>,
): (token: string) => Promise<AccessTokenVerdict> {
  return async (token) => {
    const verdict = await verify(token);
    if (!verdict.ok || verdict.claims.kind !== 'staff') return verdict;
    const active = await isActive(verdict.claims.tid, verdict.claims.sub);
    return active === false ? { ok: false, code: 'STAFF_DISABLED' } : verdict;
  };
}
