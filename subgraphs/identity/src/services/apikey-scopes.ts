/**
 * Integrator scopes and the permissions they carry. A key's permissions are computed from its
 * scopes at every verification, so changing this map changes existing keys too. Write scopes
 * include the matching read permission: a mutation's payload is read back through the same
 * field resolvers (a `write:catalog` key must be able to see the product it just created).
 */
import type { Permission } from './permissions.ts';

export const API_KEY_SCOPES = {
  'read:catalog': ['catalog:read'],
  'write:catalog': ['catalog:read', 'catalog:write'],
  'read:sales': ['sales:read'],
  'write:sales': ['sales:sync', 'sales:read'],
  'read:inventory': ['inventory:read'],
  'write:inventory': ['inventory:read', 'inventory:write'],
  'read:customers': ['customers:read'],
  'write:customers': ['customers:read', 'customers:write'],
  'read:fiscal': ['fiscal:read'],
  'manage:webhooks': ['webhooks:manage'],
} as const satisfies Record<string, readonly Permission[]>;

export type ApiKeyScope = keyof typeof API_KEY_SCOPES;

export const isApiKeyScope = (scope: string): scope is ApiKeyScope => Object.hasOwn(API_KEY_SCOPES, scope);

/** The union of the permissions of `scopes`, sorted; unknown scopes grant nothing. */
export function permissionsForScopes(scopes: readonly string[]): Permission[] {
  const granted = new Set<Permission>();
  for (const scope of scopes) if (isApiKeyScope(scope)) for (const p of API_KEY_SCOPES[scope]) granted.add(p);
  return [...granted].sort();
}
