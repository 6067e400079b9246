/**
 * What every catalog write shares: a transaction that either commits everything (row, change
 * feed entry, events, audit) or nothing. Expected failures found inside it — a concurrent writer
 * took the SKU, the product vanished — roll it back through {@link Rejected} and come back as
 * typed errors, never as a half-written change.
 */
import { type RequestContext, type UserError, userError } from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';

/** Thrown inside a transaction to roll it back with user errors; caught by {@link runWrite}. */
export class Rejected extends Error {
  constructor(readonly errors: UserError[]) {
    super('rejected');
  }
}

/** Who made a change, as written to the audit log and the price history. */
export function actorOf(ctx: RequestContext): string {
  return ctx.identity.subject ? `${ctx.identity.kind}:${ctx.identity.subject}` : ctx.identity.kind;
}

/** A unique violation raced past the pre-checks: which constraint, mapped to a user error. */
function uniqueViolation(error: unknown, mapping: Record<string, UserError>): UserError | null {
  const e = error as {
    code?: string;
    constraint?: string;
    driverError?: { code?: string; constraint?: string };
  };
  const code = e.driverError?.code ?? e.code;
  const constraint = e.driverError?.constraint ?? e.constraint;
  if (code !== '23505' || !constraint) return null;
  return mapping[constraint] ?? null;
}

/**
 * Runs `work` in the tenant transaction. Returns its result, or the errors it was rejected
 * with; a unique violation on a constraint named in `uniques` becomes that user error.
 */
export async function runWrite<T>(
  ctx: RequestContext,
  work: (m: EntityManager) => Promise<T>,
  uniques: Record<string, UserError> = {},
): Promise<{ ok: true; value: T } | { ok: false; errors: UserError[] }> {
  try {
    return { ok: true, value: await ctx.tx(work) };
  } catch (error) {
    if (error instanceof Rejected) return { ok: false, errors: error.errors };
    const mapped = uniqueViolation(error, uniques);
    if (mapped) return { ok: false, errors: [mapped] };
    throw error;
  }
}

export const notFound = (what: string, field: string[] = ['input', 'id']) =>
  userError('NOT_FOUND', `No such ${what}`, field);
