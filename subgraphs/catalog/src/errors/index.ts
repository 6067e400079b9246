/**
 * The catalog subgraph's error codes: the `CatalogErrorCode` enum of `schema/catalog.graphql`, as
 * the string union codegen makes of it. Services build every user error with this `userError`, so
 * a code the SDL does not document does not compile; `system/src/error-codes.spec.ts` checks the
 * other direction (every documented code is still returned) and what types cannot see.
 */
import type { FiscalFieldCodeOf } from '@jowi/receipt';
import { type UserError, userErrorFactory } from '@jowi/server-kit';
import type { CatalogErrorCode } from '../__generated__/resolvers-types.ts';

export type { CatalogErrorCode };

/** A user error of the catalog subgraph. */
export type CatalogUserError = UserError<CatalogErrorCode>;

/** Builds a user error with a documented catalog code. */
export const userError = userErrorFactory<CatalogErrorCode>();

/** An id that must be a UUID and is not one. */
export const invalidId = (field: string[] = ['input', 'id']) =>
  userError('INVALID_ID', `${field.at(-1)} must be a UUID`, field);

/** No such product in this tenant. */
export const unknownProduct = (field: string[] = ['input', 'id']) =>
  userError('UNKNOWN_PRODUCT', 'No such product', field);

/** No such category in this tenant. */
export const unknownCategory = (field: string[] = ['input', 'id'], message = 'No such category') =>
  userError('UNKNOWN_CATEGORY', message, field);

/** No such modifier group in this tenant. */
export const unknownModifierGroup = (field: string[] = ['input', 'id']) =>
  userError('UNKNOWN_MODIFIER_GROUP', 'No such modifier group', field);

/**
 * Codes catalog returns through `@jowi/receipt`'s fiscal field rules (product IKPU and package code) rather than by writing
 * them here. Listed so the registry check sees them; the type makes each one a documented
 * {@link CatalogErrorCode}.
 */
export const SHARED_RULE_CODES = [
  'INVALID_IKPU',
  'INVALID_PACKAGE_CODE',
] as const satisfies readonly FiscalFieldCodeOf<'ikpu' | 'packageCode'>[] & readonly CatalogErrorCode[];
