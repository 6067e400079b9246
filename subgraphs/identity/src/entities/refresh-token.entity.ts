import { EntitySchema } from 'typeorm';

/**
 * One refresh token of a session family. Only the SHA-256 of the token is stored. Rotation
 * marks the old token used and points `replacedBy` at its successor in the same family.
 */
export interface RefreshTokenRow {
  tenantId: string;
  id: string;
  familyId: string;
  staffId: string;
  /** Hex SHA-256 of the whole opaque token. */
  tokenHash: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
  replacedBy: string | null;
  /** The paired terminal of a PIN sign-in; null for back-office sessions. */
  terminalId: string | null;
  createdAt: Date;
}

export const RefreshTokenEntity = new EntitySchema<RefreshTokenRow>({
  name: 'RefreshToken',
  tableName: 'refresh_token',
  schema: 'identity',
  columns: {
    tenantId: { name: 'tenant_id', type: 'uuid', primary: true },
    id: { type: 'uuid', primary: true },
    familyId: { name: 'family_id', type: 'uuid' },
    staffId: { name: 'staff_id', type: 'uuid' },
    tokenHash: { name: 'token_hash', type: 'text' },
    expiresAt: { name: 'expires_at', type: 'timestamptz' },
    usedAt: { name: 'used_at', type: 'timestamptz', nullable: true },
    revokedAt: { name: 'revoked_at', type: 'timestamptz', nullable: true },
    replacedBy: { name: 'replaced_by', type: 'uuid', nullable: true },
    terminalId: { name: 'terminal_id', type: 'uuid', nullable: true },
    createdAt: { name: 'created_at', type: 'timestamptz', createDate: true },
  },
});
