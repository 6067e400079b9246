/** Who may read and write fiscal data; checked with server-kit's `requireAnyPermission`/`requirePermission`. */

/** Back-office and POS readers of fiscal data: fiscal staff, or anyone who may read sales. */
export const READ_PERMISSIONS = ['fiscal:read', 'sales:read'] as const;
/** Recording receipts registered by a POS's fiscal module. */
export const WRITE_PERMISSION = 'fiscal:write';
