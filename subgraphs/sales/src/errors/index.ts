/**
 * The sales subgraph's error codes: the `SalesErrorCode` enum of `schema/sales.graphql`, as the
 * string union codegen makes of it. Services build every user error with this `userError`, so a
 * code the SDL does not document does not compile; `system/src/error-codes.spec.ts` checks the
 * other direction (every documented code is still returned) and what types cannot see.
 */
import { type UserError, userErrorFactory } from '@jowi/server-kit';
import type { SalesErrorCode } from '../__generated__/resolvers-types.ts';

export type { SalesErrorCode };

/** A user error of the sales subgraph. */
export type SalesUserError = UserError<SalesErrorCode>;

/** Builds a user error with a documented sales code. */
export const userError = userErrorFactory<SalesErrorCode>();

/** A document of a batch that failed unexpectedly: safe to send again. */
export function internalError(traceId: string, path: string[]): SalesUserError {
  return userError(
    'INTERNAL_ERROR',
    `The document could not be stored; it is safe to retry (trace ${traceId})`,
    path,
  );
}

/**
 * Codes sales returns through the shared rules of `@jowi/receipt` rather than by writing them here:
 * the fiscal field rules (line IKPU and package code snapshots, the requisites of a sale fiscalised
 * on the till) and `computeReceipt`'s VAT-rate check. Listed so the registry check sees them; the
 * type makes each one a documented {@link SalesErrorCode}.
 */
export const SHARED_RULE_CODES = [
  'INVALID_IKPU',
  'INVALID_PACKAGE_CODE',
  'INVALID_TERMINAL_ID',
  'INVALID_RECEIPT_SEQ',
  'INVALID_DATE_TIME',
  'INVALID_FISCAL_SIGN',
  'INVALID_VAT_RATE',
] as const satisfies readonly SalesErrorCode[];
