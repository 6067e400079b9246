import {
  isUuid,
  newId,
  type RequestContext,
  requirePermission,
  type UserError,
  userError,
} from '@jowi/server-kit';
import { In } from 'typeorm';
import { CustomerEntity, type CustomerRow } from '../entities/customer.entity.ts';

/** Looking customers up (by phone, by id, as a federated reference). */
export const CUSTOMERS_READ = 'customers:read';
/** Creating and changing customers. */
export const CUSTOMERS_WRITE = 'customers:write';

/**
 * Normalises an Uzbek phone to E.164 (+998XXXXXXXXX). Accepts "+998 90 123-45-67",
 * "998901234567", "90 123 45 67", "8 90 123 45 67". Returns null when it is not a phone.
 */
export function normalisePhone(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[\s\-().]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  const bare = digits.replace(/^\+/, '');
  if (digits.startsWith('+')) return /^\d{8,15}$/.test(bare) ? `+${bare}` : null;
  if (/^998\d{9}$/.test(bare)) return `+${bare}`;
  if (/^\d{9}$/.test(bare)) return `+998${bare}`;
  if (/^8\d{9}$/.test(bare)) return `+998${bare.slice(1)}`;
  return null;
}

export async function findByPhone(ctx: RequestContext, phone: string): Promise<CustomerRow | null> {
  requirePermission(ctx, CUSTOMERS_READ);
  const normalised = normalisePhone(phone);
  if (!normalised) return null;
  return ctx.tx((m) => m.getRepository(CustomerEntity).findOneBy({ phone: normalised }));
}

/** Longest customer name accepted (the same bound as product names). */
const MAX_NAME = 200;

/** Batch loader: customers by id for this request. */
export function customerLoader(ctx: RequestContext) {
  requirePermission(ctx, CUSTOMERS_READ);
  return ctx.loaders.get<string, CustomerRow | null>('customer', async (ids) => {
    // A non-UUID id has no row; it must not reach PostgreSQL, where it would be a cast error (a 500).
    const valid = [...new Set(ids.filter((id) => isUuid(id)))];
    const rows = valid.length
      ? await ctx.tx((m) => m.getRepository(CustomerEntity).findBy({ id: In(valid) }))
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

export async function createCustomer(
  ctx: RequestContext,
  input: { phone: string; name?: string | null },
): Promise<{ customer: CustomerRow | null; errors: UserError[] }> {
  const tenantId = requirePermission(ctx, CUSTOMERS_WRITE);
  const phone = normalisePhone(input.phone);
  if (!phone)
    return {
      customer: null,
      errors: [userError('INVALID_PHONE', 'Not a valid phone number', ['input', 'phone'])],
    };
  const name = input.name?.trim() || null;
  if (name && name.length > MAX_NAME)
    return {
      customer: null,
      errors: [userError('INVALID_NAME', `Name must be at most ${MAX_NAME} characters`, ['input', 'name'])],
    };
  return ctx.tx(async (m) => {
    const inserted: CustomerRow[] = await m.query(
      `INSERT INTO customers.customer (tenant_id, id, phone, name) VALUES ($1, $2, $3, $4)
       ON CONFLICT (tenant_id, phone) DO NOTHING
       RETURNING tenant_id AS "tenantId", id, phone, name, created_at AS "createdAt"`,
      [tenantId, newId(), phone, name],
    );
    if (!inserted[0]) {
      return {
        customer: null,
        errors: [
          userError('DUPLICATE_PHONE', 'A customer with this phone already exists', ['input', 'phone']),
        ],
      };
    }
    return { customer: inserted[0], errors: [] };
  });
}
