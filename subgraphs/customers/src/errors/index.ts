/**
 * The customers subgraph's error codes: the `CustomersErrorCode` enum of
 * `schema/customers.graphql`, as the string union codegen makes of it. Services build every user
 * error with this `userError`, so a code the SDL does not document does not compile;
 * `system/src/error-codes.spec.ts` checks the other direction (every documented code is still
 * returned) and what types cannot see.
 */
import { type UserError, userErrorFactory } from '@jowi/server-kit';
import type { CustomersErrorCode } from '../__generated__/resolvers-types.ts';

export type { CustomersErrorCode };

/** A user error of the customers subgraph. */
export type CustomersUserError = UserError<CustomersErrorCode>;

/** Builds a user error with a documented customers code. */
export const userError = userErrorFactory<CustomersErrorCode>();

/** An id that must be a UUID and is not one. */
export const invalidId = (field: string[]) =>
  userError('INVALID_ID', `${field.at(-1)} must be a UUID`, field);

/** No such customer in this tenant. */
export const unknownCustomer = (field: string[]) =>
  userError('UNKNOWN_CUSTOMER', 'No such customer in this tenant', field);
