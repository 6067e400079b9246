/**
 * Roles and what they may do. Access tokens carry the flattened permission list (`perms`), so
 * every subgraph checks a permission, never a role name — roles can change shape without any
 * other service noticing.
 */

/** Every permission a Jowi access token can carry. */
export const PERMISSIONS = [
  'catalog:read',
  'catalog:write',
  'catalog:cost',
  'sales:sync',
  'sales:read',
  'sales:refund',
  'shift:open',
  'shift:close',
  'reports:read',
  'staff:manage',
  'apikeys:manage',
  'inventory:read',
  'inventory:write',
  'customers:read',
  'customers:write',
  'fiscal:read',
  'fiscal:write',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

export const ROLES = ['owner', 'manager', 'accountant', 'cashier'] as const;
export type Role = (typeof ROLES)[number];

const without = (excluded: Permission[]): Permission[] => PERMISSIONS.filter((p) => !excluded.includes(p));

/**
 * Role → permissions. Owners can do everything; managers everything except managing people and
 * API keys; accountants read (including cost prices, which reports need); cashiers sell.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  owner: [...PERMISSIONS],
  manager: without(['staff:manage', 'apikeys:manage']),
  accountant: [
    'catalog:read',
    'catalog:cost',
    'sales:read',
    'inventory:read',
    'customers:read',
    'fiscal:read',
    'reports:read',
  ],
  cashier: [
    'catalog:read',
    'sales:sync',
    'sales:read',
    'shift:open',
    'shift:close',
    'customers:read',
    'customers:write',
    'fiscal:write',
    'fiscal:read',
    'inventory:read',
  ],
});

const isRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

/** The union of the permissions of `roles`, in the canonical order; unknown roles grant nothing. */
export function permissionsFor(roles: readonly string[]): Permission[] {
  const granted = new Set<Permission>();
  for (const role of roles) {
    if (isRole(role)) for (const p of ROLE_PERMISSIONS[role]) granted.add(p);
  }
  return PERMISSIONS.filter((p) => granted.has(p));
}
