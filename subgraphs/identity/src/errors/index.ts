/**
 * The identity subgraph's error codes: the `IdentityErrorCode` enum of `schema/identity.graphql`,
 * as the string union codegen makes of it. Services build every user error with this `userError`,
 * so a code the SDL does not document does not compile; `system/src/error-codes.spec.ts` checks
 * the other direction (every documented code is still returned) and what types cannot see.
 */
import { type UserError, userErrorFactory } from '@jowi/server-kit';
import type { IdentityErrorCode } from '../__generated__/resolvers-types.ts';

export type { IdentityErrorCode };

/** A user error of the identity subgraph. */
export type IdentityUserError = UserError<IdentityErrorCode>;

/** Builds a user error with a documented identity code. */
export const userError = userErrorFactory<IdentityErrorCode>();

/** An id that must be a UUID and is not one. */
export const invalidId = (field: string[]) =>
  userError('INVALID_ID', `${field.at(-1)} must be a UUID`, field);
