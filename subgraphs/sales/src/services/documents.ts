/**
 * What the documents a POS uploads (sales, shift events, refunds) share: the terminal the caller
 * may act for, the staff member acting, and the content fingerprint that tells a resent
 * document (DUPLICATE) from a different one under the same id (CONFLICT).
 */
import { createHash } from 'node:crypto';
import { canonicalJson, isUuid, type RequestContext } from '@jowi/server-kit';
import { type SalesUserError, userError } from '../errors/index.ts';
import { resolveTerminal, type TerminalScope } from './directory.ts';

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
 * Why this caller may not act for `terminalId`, or null: its id must be a UUID, and a paired
 * terminal — or a PIN session on one — may act only for itself (`INVALID_TERMINAL` either way).
 * `syncSales`, the shift mutations and `refundSale` all check a terminal through here.
 */
export function terminalRefusal(
  ctx: RequestContext,
  terminalId: string,
  field: string[],
): SalesUserError | null {
  const refused = (message: string) => userError('INVALID_TERMINAL', message, field);
  if (!isUuid(terminalId)) return refused('terminalId must be a UUID');
  const id = terminalId.toLowerCase();
  if (ctx.identity.kind === 'terminal' && ctx.identity.subject?.toLowerCase() !== id) {
    return refused('A terminal can only act for itself');
  }
  if (ctx.identity.terminalId && ctx.identity.terminalId.toLowerCase() !== id) {
    return refused('This session belongs to another terminal');
  }
  return null;
}

/**
 * Sales does not know the terminal in this tenant: a terminal of another tenant is as unknown as
 * none (RLS), and a just-registered one becomes known within seconds, so the POS retries.
 */
export const unknownTerminal = (field: string[]): SalesUserError =>
  userError(
    'UNKNOWN_TERMINAL',
    'This terminal is not known here (yet); a just-registered terminal becomes known within seconds, retry',
    field,
  );

/**
 * The terminal a request acts for: {@link terminalRefusal}, then its scope from sales' directory
 * projection ({@link unknownTerminal} when there is none). An inactive terminal is accepted: its
 * offline documents were made before it was switched off.
 */
export async function terminalScope(
  ctx: RequestContext,
  terminalId: string,
  field: string[],
): Promise<{ scope: TerminalScope } | { error: SalesUserError }> {
  const refusal = terminalRefusal(ctx, terminalId, field);
  if (refusal) return { error: refusal };
  const scope = await ctx.tx((m) => resolveTerminal(m, terminalId));
  return scope ? { scope } : { error: unknownTerminal(field) };
}
