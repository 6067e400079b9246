/**
 * Permission checks, written once for every service and for the web admin.
 *
 * Tokens carry permissions, not roles (docs/decisions.md §8): a caller holds a list such as
 * `['catalog:read', 'sales:sync']`, or the wildcard `'*'`, which trusted in-process work
 * (seeding, event consumers) gets and which grants everything. Every check goes through
 * {@link hasPermission} so the wildcard is understood everywhere.
 *
 * This file imports nothing on purpose: the Next.js admin imports it as
 * `@jowi/server-kit/permissions` and must not pull TypeORM, pg or Apollo into its bundle.
 */

/** The permission that grants every other permission. */
export const ALL_PERMISSIONS = '*';

/** Whether a holder of `held` may do what `permission` guards (the wildcard grants everything). */
export function hasPermission(held: readonly string[], permission: string): boolean {
  return held.includes(permission) || held.includes(ALL_PERMISSIONS);
}

/** Whether `held` grants at least one of `permissions`. */
export function hasAnyPermission(held: readonly string[], permissions: readonly string[]): boolean {
  return permissions.some((permission) => hasPermission(held, permission));
}

/**
 * The ones of `wanted` that `held` does not grant, in `wanted`'s order — for "you can only give
 * away what you hold" rules (roles, role assignments, API key scopes).
 */
export function missingPermissions(held: readonly string[], wanted: readonly string[]): string[] {
  return wanted.filter((permission) => !hasPermission(held, permission));
}
