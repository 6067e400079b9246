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
  'sales:discount',
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
  'audit:read',
  'terminals:manage',
  'events:manage',
  'webhooks:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

/** What each permission allows: the catalogue shown to owners building custom roles. */
export const PERMISSION_DESCRIPTIONS: Readonly<Record<Permission, string>> = Object.freeze({
  'catalog:read': 'Read products, categories, barcodes and prices',
  'catalog:write': 'Create and change products, categories and prices',
  'catalog:cost': 'See cost prices and margins',
  'sales:sync': 'Upload sales made on a terminal (syncSales)',
  'sales:read': 'Read sales and their receipts',
  'sales:refund': 'Refund or void sales',
  'sales:discount':
    'Give line and receipt discounts at the till (a synced sale whose cashier lacked it is flagged)',
  'shift:open': 'Open a cash shift',
  'shift:close': 'Close a cash shift and record the counted cash',
  'reports:read': 'Read sales, shift and stock reports',
  'staff:manage': 'Manage staff, custom roles and role assignments',
  'apikeys:manage': 'Create, list and revoke integrator API keys',
  'inventory:read': 'Read stock levels and movements',
  'inventory:write': 'Record stock receipts, adjustments and transfers',
  'customers:read': 'Look up customers',
  'customers:write': 'Create and change customers',
  'fiscal:read': 'Read fiscal receipts and fiscal device status',
  'fiscal:write': 'Record fiscal receipts registered by a fiscal module',
  'audit:read': 'Read the audit log and verify its hash chain',
  'terminals:manage': 'Issue pairing codes that register POS terminals',
  'events:manage': 'See event consumers and the events they parked, and retry parked events',
  'webhooks:manage': 'Create, change and delete webhook endpoints, read and replay their deliveries',
});

const PERMISSION_SET: ReadonlySet<string> = new Set(PERMISSIONS);
/** Whether `name` is one of {@link PERMISSIONS}. */
export const isPermission = (name: string): name is Permission => PERMISSION_SET.has(name);

export const ROLES = ['owner', 'manager', 'accountant', 'cashier'] as const;
export type Role = (typeof ROLES)[number];

const without = (excluded: Permission[]): Permission[] => PERMISSIONS.filter((p) => !excluded.includes(p));

/**
 * Role → permissions. Owners can do everything (including reading the audit log and retrying
 * parked events); managers everything except managing people, API keys, webhooks (they send the
 * tenant's data out), the audit log and parked events; accountants read (including cost prices,
 * which reports need); cashiers sell.
 */
export const ROLE_PERMISSIONS: Readonly<Record<Role, readonly Permission[]>> = Object.freeze({
  owner: [...PERMISSIONS],
  manager: without(['staff:manage', 'apikeys:manage', 'audit:read', 'events:manage', 'webhooks:manage']),
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
    'sales:refund',
    'shift:open',
    'shift:close',
    'customers:read',
    'customers:write',
    'fiscal:write',
    'fiscal:read',
    'inventory:read',
  ],
});

/** Whether `role` is one of the four built-in roles. */
export const isBuiltInRole = (role: string): role is Role => (ROLES as readonly string[]).includes(role);

/**
 * The union of the permissions of `roles`, in the canonical order. Built-in roles come from
 * {@link ROLE_PERMISSIONS}; any other name is looked up in `customRoles` (the tenant's custom
 * roles, name → permissions, read by the caller inside the tenant transaction). Unknown roles
 * and unknown permission names grant nothing.
 */
export function permissionsFor(
  roles: readonly string[],
  customRoles: ReadonlyMap<string, readonly string[]> = new Map(),
): Permission[] {
  const granted = new Set<string>();
  for (const role of roles) {
    const permissions = isBuiltInRole(role) ? ROLE_PERMISSIONS[role] : (customRoles.get(role) ?? []);
    for (const p of permissions) granted.add(p);
  }
  return PERMISSIONS.filter((p) => granted.has(p));
}
