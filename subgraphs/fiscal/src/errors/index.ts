/**
 * The fiscal subgraph's error codes: the `FiscalErrorCode` enum of `schema/fiscal.graphql`, as the
 * string union codegen makes of it. Services build every user error with this `userError`, so a
 * code the SDL does not document does not compile; `system/src/error-codes.spec.ts` checks the
 * other direction (every documented code is still returned) and what types cannot see.
 */
import type { FiscalFieldCodeOf } from '@jowi/receipt';
import { type UserError, userErrorFactory } from '@jowi/server-kit';
import type { FiscalErrorCode } from '../__generated__/resolvers-types.ts';

export type { FiscalErrorCode };

/** A user error of the fiscal subgraph (a `FiscalUserError` in its SDL). */
export type FiscalUserError = UserError<FiscalErrorCode>;

/** Builds a user error with a documented fiscal code. */
export const userError = userErrorFactory<FiscalErrorCode>();

/** An id that must be a UUID and is not one. */
export const invalidId = (field: string[]) =>
  userError('INVALID_ID', `${field.at(-1)} must be a UUID`, field);

/**
 * Codes fiscal returns through `@jowi/receipt`'s fiscal field rules (the fiscal requisites a POS reports) rather than by writing
 * them here. Listed so the registry check sees them; the type makes each one a documented
 * {@link FiscalErrorCode}.
 */
export const SHARED_RULE_CODES = [
  'INVALID_TERMINAL_ID',
  'INVALID_RECEIPT_SEQ',
  'INVALID_DATE_TIME',
  'INVALID_FISCAL_SIGN',
] as const satisfies readonly FiscalFieldCodeOf<'terminalId' | 'receiptSeq' | 'dateTime' | 'fiscalSign'>[] &
  readonly FiscalErrorCode[];
