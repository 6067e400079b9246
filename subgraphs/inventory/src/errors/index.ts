/**
 * The inventory subgraph's error codes: the `InventoryErrorCode` enum of
 * `schema/inventory.graphql`, as the string union codegen makes of it. Services build every user
 * error with this `userError`, so a code the SDL does not document does not compile;
 * `system/src/error-codes.spec.ts` checks the other direction (every documented code is still
 * returned) and what types cannot see.
 */
import type { FiscalFieldCodeOf } from '@jowi/receipt';
import { type UserError, userErrorFactory } from '@jowi/server-kit';
import type { InventoryErrorCode } from '../__generated__/resolvers-types.ts';

export type { InventoryErrorCode };

/** A user error of the inventory subgraph. */
export type InventoryUserError = UserError<InventoryErrorCode>;

/** Builds a user error with a documented inventory code. */
export const userError = userErrorFactory<InventoryErrorCode>();

/** An id that must be a UUID and is not one. */
export const invalidId = (field: string[]) =>
  userError('INVALID_ID', `${field.at(-1)} must be a UUID`, field);

/** The document id is stored with other content; nothing was changed. */
export const contentMismatch = (message = 'This id was already used for a different document') =>
  userError('CONTENT_MISMATCH', message, ['input', 'id']);

/**
 * Codes inventory returns through `@jowi/receipt`'s fiscal field rules (a supplier's taxpayer number) rather than by writing
 * them here. Listed so the registry check sees them; the type makes each one a documented
 * {@link InventoryErrorCode}.
 */
export const SHARED_RULE_CODES = ['INVALID_TAX_ID'] as const satisfies readonly FiscalFieldCodeOf<'taxId'>[] &
  readonly InventoryErrorCode[];
