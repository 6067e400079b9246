/** Sign-in and token rotation against the gateway, with outcomes as typed values. */
import { LoginDocument, RefreshSessionDocument } from '../__generated__/graphql.ts';
import { gatewayRequest } from './gateway.ts';
import type { SessionTokens } from './session.ts';

/** Result of {@link signIn} or {@link rotateSession}. */
export type AuthOutcome =
  | { ok: true; tokens: SessionTokens }
  | { ok: false; code: 'GATEWAY_UNAVAILABLE' | 'TOO_MANY_ATTEMPTS' | (string & {}) };

type Payload = {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: string | null;
  errors: { code: string }[];
};

function toOutcome(payload: Payload): AuthOutcome {
  const [error] = payload.errors;
  if (error) return { ok: false, code: error.code };
  const { accessToken, refreshToken, expiresAt } = payload;
  if (!accessToken || !refreshToken || !expiresAt) return { ok: false, code: 'INVALID_RESPONSE' };
  return { ok: true, tokens: { accessToken, refreshToken, expiresAt } };
}

function failure(reason: string, status?: number): AuthOutcome {
  if (reason === 'rate_limited') return { ok: false, code: 'TOO_MANY_ATTEMPTS' };
  if (reason === 'unreachable' || (status !== undefined && status >= 500))
    return { ok: false, code: 'GATEWAY_UNAVAILABLE' };
  return { ok: false, code: 'UNKNOWN' };
}

/** Signs in with email and password; `INVALID_CREDENTIALS` for a wrong pair. */
export async function signIn(email: string, password: string): Promise<AuthOutcome> {
  const result = await gatewayRequest(LoginDocument, { input: { email, password } });
  if (!result.ok) return failure(result.reason, 'status' in result ? result.status : undefined);
  return toOutcome(result.data.login);
}

/**
 * Rotates a refresh token. Identity treats a second use of one refresh token as theft and
 * revokes the whole family, so concurrent requests from one browser (a page plus its data
 * calls) must share a single rotation: results are kept briefly per token in this process.
 * (Several admin instances behind a load balancer need sticky sessions or a shared lock.)
 */
export function rotateSession(refreshToken: string): Promise<AuthOutcome> {
  const now = Date.now();
  for (const [token, entry] of inFlight) if (entry.expires < now) inFlight.delete(token);
  const existing = inFlight.get(refreshToken);
  if (existing) return existing.promise;
  const promise = gatewayRequest(RefreshSessionDocument, { input: { refreshToken } }).then((result) => {
    const outcome = result.ok
      ? toOutcome(result.data.refreshSession)
      : failure(result.reason, 'status' in result ? result.status : undefined);
    // An outage says nothing about the token: let the next request try again.
    if (!outcome.ok && outcome.code === 'GATEWAY_UNAVAILABLE') inFlight.delete(refreshToken);
    return outcome;
  });
  inFlight.set(refreshToken, { promise, expires: now + SHARE_ROTATION_MS });
  return promise;
}

const SHARE_ROTATION_MS = 15_000;
const inFlight = new Map<string, { promise: Promise<AuthOutcome>; expires: number }>();
