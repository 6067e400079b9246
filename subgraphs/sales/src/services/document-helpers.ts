/**
 * Helpers shared by the shift and refund services (documents a POS uploads, idempotent by id):
 * permission and terminal checks, the acting staff member, the content fingerprint, and
 * recognising a unique violation.
 */
import { createHash } from 'node:crypto';
import { canonicalJson, isUuid, type RequestContext, type UserError, userError } from '@jowi/server-kit';

/** Whether the caller holds `permission` (or `*`). */
export function hasPermission(ctx: RequestContext, permission: string): boolean {
  return ctx.identity.permissions.includes(permission) || ctx.identity.permissions.includes('*');
}

/** The staff member acting, when the caller is a staff session (PIN sessions included). */
export function actingStaff(ctx: RequestContext): string | null {
  const subject = ctx.identity.subject;
  return ctx.identity.kind === 'staff' && subject && isUuid(subject) ? subject.toLowerCase() : null;
}

/** sha256 (hex) of canonical JSON (sorted keys): the idempotency fingerprint of a document. */
export function fingerprint(value: Record<string, unknown>): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

/**
 * Whether this caller may act on `terminalId`: a paired terminal only for itself, a PIN session
 * only on its own terminal. Returns a FORBIDDEN error otherwise.
 */
export function terminalMismatch(ctx: RequestContext, terminalId: string, field: string[]): UserError | null {
  const id = terminalId.toLowerCase();
  if (ctx.identity.kind === 'terminal' && ctx.identity.subject?.toLowerCase() !== id) {
    return userError('FORBIDDEN', 'A terminal can only act for itself', field);
  }
  if (ctx.identity.terminalId && ctx.identity.terminalId.toLowerCase() !== id) {
    return userError('FORBIDDEN', 'This session belongs to another terminal', field);
  }
  return null;
}

/** Whether a thrown database error is a unique violation. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; driverError?: { code?: string } } | null;
  return e?.code === '23505' || e?.driverError?.code === '23505';
}
