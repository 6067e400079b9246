/**
 * The admin's session: the gateway's access token and refresh token, kept in httpOnly cookies
 * so browser JavaScript never sees them (the BFF route adds them to GraphQL calls).
 *
 * The access-token cookie expires a little before the token does; once it is gone, the proxy
 * (`src/proxy.ts`) rotates the refresh token for a new pair before the page or the BFF runs.
 */
import { adminEnv } from './env.ts';

/** httpOnly cookie with the short-lived access token (JWT). */
export const ACCESS_COOKIE = 'jowi_at';
/** httpOnly cookie with the single-use refresh token. */
export const REFRESH_COOKIE = 'jowi_rt';

/** Request header the proxy sets to the requested path, so a layout can send users back to it after login. */
export const RETURN_TO_HEADER = 'x-jowi-return-to';

/** Identity's refresh tokens live 30 days from each rotation. */
const REFRESH_MAX_AGE_S = 30 * 24 * 60 * 60;
/** Drop the access token this much before it expires, so no request races its expiry. */
const ACCESS_EXPIRY_MARGIN_S = 30;

/** A token pair as login and refresh return it. */
export interface SessionTokens {
  accessToken: string;
  refreshToken: string;
  /** ISO time the access token expires. */
  expiresAt: string;
}

/** The part of a cookie store the session writes to (`cookies()` in actions, `response.cookies` in the proxy). */
export interface CookieWriter {
  set(name: string, value: string, options: CookieOptions): unknown;
}

/** Options for a session cookie. */
export interface CookieOptions {
  httpOnly: boolean;
  secure: boolean;
  sameSite: 'lax';
  path: string;
  maxAge: number;
}

function options(maxAge: number): CookieOptions {
  // SameSite=Lax keeps the cookies off cross-site POSTs, which (with the JSON-only BFF) is the CSRF defence.
  return { httpOnly: true, secure: adminEnv().cookieSecure, sameSite: 'lax', path: '/', maxAge };
}

/** Seconds the access-token cookie should live for a token expiring at `expiresAt`. */
export function accessCookieMaxAge(expiresAt: string, now = Date.now()): number {
  const seconds = Math.floor((Date.parse(expiresAt) - now) / 1000) - ACCESS_EXPIRY_MARGIN_S;
  return Number.isFinite(seconds) ? Math.max(seconds, 1) : 60;
}

/** Stores a fresh token pair. */
export function writeSession(store: CookieWriter, tokens: SessionTokens): void {
  store.set(ACCESS_COOKIE, tokens.accessToken, options(accessCookieMaxAge(tokens.expiresAt)));
  store.set(REFRESH_COOKIE, tokens.refreshToken, options(REFRESH_MAX_AGE_S));
}

/** Forgets the session (expires both cookies). */
export function clearSession(store: CookieWriter): void {
  store.set(ACCESS_COOKIE, '', options(0));
  store.set(REFRESH_COOKIE, '', options(0));
}

/** What a verified access token says about its holder (see `claims.ts`). */
export interface SessionClaims {
  subject: string;
  tenantId: string;
  /** `staff` for people; terminals and API keys never get a back-office session. */
  kind: string;
  roles: string[];
  permissions: string[];
}
