/**
 * The answers of sign-in, refresh and password change (`LoginPayload`), and small helpers the
 * session and terminal services share.
 */
import { type RequestContext, type UserError, unauthenticated } from '@jowi/server-kit';
import type { StaffRow } from '../entities/staff.entity.ts';
import { userError } from '../errors/index.ts';

/** The `LoginPayload` of the SDL. */
export interface SessionPayload {
  accessToken: string | null;
  refreshToken: string | null;
  expiresAt: Date | null;
  staff: StaffRow | null;
  retryAfterSeconds: number | null;
  errors: UserError[];
}

/** Longer inputs are refused outright: nobody's password is this long, and hashing it costs. */
export const MAX_SECRET_LENGTH = 1024;

export const failed = (error: UserError, retryAfterSeconds: number | null = null): SessionPayload => ({
  accessToken: null,
  refreshToken: null,
  expiresAt: null,
  staff: null,
  retryAfterSeconds,
  errors: [error],
});
export const invalidCredentials = () => failed(userError('INVALID_CREDENTIALS', 'Wrong email or password'));
/** Too many failures from this place: try again in `retryAfterSeconds`. */
export const loginLocked = (retryAfterSeconds: number) =>
  failed(
    userError('LOGIN_LOCKED', `Too many failed attempts; try again in ${retryAfterSeconds} s`),
    retryAfterSeconds,
  );
export const invalidRefresh = () =>
  failed(
    userError('INVALID_REFRESH_TOKEN', 'The session has expired; sign in again', ['input', 'refreshToken']),
  );
export const reusedRefresh = () =>
  failed(
    userError(
      'REFRESH_TOKEN_REUSED',
      'This refresh token was already used; the session has been ended for safety. Sign in again.',
      ['input', 'refreshToken'],
    ),
  );

/** Lower-cased, trimmed email; null for anything that cannot be one. */
export function normaliseEmail(email: string): string | null {
  const value = email.trim().toLowerCase();
  return value.length <= 254 && /^[^\s@]+@[^\s@]+$/.test(value) ? value : null;
}

/** The throttle subject of an email sign-in (tenant-independent: emails are global). */
export const emailSubject = (email: string) => `email:${email.trim().toLowerCase().slice(0, 254)}`;

/** The signed-in staff member's id; UNAUTHENTICATED for anyone else. */
export function requireStaff(ctx: RequestContext): string {
  if (ctx.identity.kind !== 'staff' || !ctx.identity.subject || !ctx.tenantId) throw unauthenticated();
  return ctx.identity.subject;
}
