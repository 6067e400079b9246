/**
 * The integrations subgraph's error codes: the `IntegrationsErrorCode` enum of
 * `schema/integrations.graphql`, as the string union codegen makes of it. Services build every
 * user error with this `userError`, so a code the SDL does not document does not compile.
 */
import { type UserError, userErrorFactory } from '@jowi/server-kit';
import type { IntegrationsErrorCode } from '../__generated__/resolvers-types.ts';

export type { IntegrationsErrorCode };

/** A user error of the integrations subgraph. */
export type IntegrationsUserError = UserError<IntegrationsErrorCode>;

/** Builds a user error with a documented integrations code. */
export const userError = userErrorFactory<IntegrationsErrorCode>();

/** An id that must be a UUID and is not one. */
export const invalidId = (field: string[]) =>
  userError('INVALID_ID', `${field.at(-1)} must be a UUID`, field);
