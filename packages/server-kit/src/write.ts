/**
 * The write kit: how every mutation writes, once for all subgraphs.
 *
 * A mutation validates its input first (errors as data, nothing opened yet), then runs its
 * write with {@link runWrite} in the request's tenant transaction (`ctx.tx`, where RLS and the
 * event outbox live). Inside, an expected failure found only against stored rows — the product
 * vanished, the shift is closed — is raised with {@link reject}: the transaction rolls back, so
 * nothing half-written survives, and `runWrite` returns the errors instead of throwing.
 *
 * The database is the last line of defence: when a concurrent writer slips past the service's
 * pre-checks, a constraint stops it. The caller declares which constraints (by name) mean which
 * user errors; a violation of one of those becomes that error. Any other failure — an
 * undeclared constraint included — is unexpected: it is re-thrown, so the request's error
 * masker logs it with its trace id and the client sees only `INTERNAL_SERVER_ERROR`.
 *
 * Permissions are checked before any of this (see `permissions.ts` and `requirePermission`).
 */
import type { RequestContext } from './context.ts';
import type { EntityManager } from './db.ts';
import type { UserError } from './errors.ts';

/**
 * What a write gives back: its value, or the user errors it was rolled back with. `E` is the
 * subgraph's error type (`UserError<SalesErrorCode>`, …).
 */
export type WriteResult<T, E extends UserError = UserError> =
  | { ok: true; value: T }
  | { ok: false; errors: E[] };

/** Thrown inside a write to roll it back with user errors; {@link runWrite} returns them. */
export class Rejected extends Error {
  readonly errors: UserError[];
  constructor(errors: readonly UserError[]) {
    super(`write rejected: ${errors.map((e) => e.code).join(', ')}`);
    this.name = 'Rejected';
    this.errors = [...errors];
  }
}

/** Rolls the surrounding {@link runWrite} back; it returns `errors`. */
export function reject(...errors: UserError[]): never {
  throw new Rejected(errors);
}

/** The integrity constraints PostgreSQL reports by SQLSTATE (class 23). */
export type ConstraintKind = 'unique' | 'foreign_key' | 'check' | 'exclusion';

const KIND_BY_SQLSTATE: Readonly<Record<string, ConstraintKind>> = {
  '23505': 'unique',
  '23503': 'foreign_key',
  '23514': 'check',
  '23P01': 'exclusion',
};

/** A constraint violation as PostgreSQL reported it. */
export interface ConstraintViolation {
  kind: ConstraintKind;
  /** The constraint (or unique index) name; null only for a driver that did not say. */
  constraint: string | null;
  table: string | null;
  /** PostgreSQL's detail, e.g. `Key (tenant_id, sku)=(…, A-1) already exists.` */
  detail: string | null;
}

interface PgErrorFields {
  code?: unknown;
  constraint?: unknown;
  table?: unknown;
  detail?: unknown;
  driverError?: PgErrorFields;
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/**
 * The constraint violation behind `error` (a pg error, or TypeORM's QueryFailedError around
 * one), or null when it is something else.
 */
export function constraintViolation(error: unknown): ConstraintViolation | null {
  if (typeof error !== 'object' || error === null) return null;
  const outer = error as PgErrorFields;
  const pg = outer.driverError ?? outer;
  const kind = KIND_BY_SQLSTATE[text(pg.code) ?? text(outer.code) ?? ''];
  if (!kind) return null;
  return {
    kind,
    constraint: text(pg.constraint) ?? text(outer.constraint),
    table: text(pg.table) ?? text(outer.table),
    detail: text(pg.detail) ?? text(outer.detail),
  };
}

/** Whether `error` is a unique violation (of `constraint`, when given). */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  const violation = constraintViolation(error);
  return violation?.kind === 'unique' && (constraint === undefined || violation.constraint === constraint);
}

/**
 * Which constraint violations are expected, by constraint name, and the user error each means
 * (or a function building it from the violation).
 */
export type ViolationMap<E extends UserError = UserError> = Readonly<
  Record<string, E | ((violation: ConstraintViolation) => E)>
>;

/** The user error `violations` declares for `error`, or null when it declares none. */
export function mapViolation<E extends UserError>(error: unknown, violations: ViolationMap<E>): E | null {
  const violation = constraintViolation(error);
  if (!violation?.constraint || !Object.hasOwn(violations, violation.constraint)) return null;
  const mapped = violations[violation.constraint]!;
  return typeof mapped === 'function' ? mapped(violation) : mapped;
}

/**
 * Runs `work` in the request's tenant transaction. Returns its value, or the errors it was
 * {@link reject}ed with, or the declared user error of a violated constraint in `violations`;
 * re-throws everything else (to be logged and masked as an unexpected failure). `E` is the
 * subgraph's error type: `work` rejects only with errors its own `userError` built.
 */
export async function runWrite<T, E extends UserError = UserError>(
  ctx: Pick<RequestContext, 'tx'>,
  work: (manager: EntityManager) => Promise<T>,
  violations: ViolationMap<E> = {},
): Promise<WriteResult<T, E>> {
  try {
    return { ok: true, value: await ctx.tx(work) };
  } catch (error) {
    // A thrown value carries no type: the subgraph's errors are the only ones it rejects with.
    if (error instanceof Rejected) return { ok: false, errors: error.errors as E[] };
    const mapped = mapViolation(error, violations);
    if (mapped) return { ok: false, errors: [mapped] };
    throw error;
  }
}

/** A mutation payload with one result field: `{ [key]: value | null, errors }`. */
export type Payload<K extends string, T, E extends UserError = UserError> = { [P in K]: T | null } & {
  errors: E[];
};

/** Shapes a write's result as its payload: the value and no errors, or null and the errors. */
export function payloadOf<K extends string, T, E extends UserError>(
  key: K,
  result: WriteResult<T, E>,
): Payload<K, T, E> {
  const value = result.ok ? result.value : null;
  return { [key]: value, errors: result.ok ? [] : result.errors } as Payload<K, T, E>;
}
