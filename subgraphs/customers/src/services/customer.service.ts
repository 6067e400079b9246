/**
 * Customers: lookup, listing with search, create and update. Merging lives in merge.service.ts,
 * points in the loyalty services.
 */
import {
  actorOf,
  appendAudit,
  decodeCursor,
  hasPermission,
  isUuid,
  newId,
  pageSize,
  payloadOf,
  type RequestContext,
  reject,
  requirePermission,
  runWrite,
  toConnection,
  type UserError,
  type ViolationMap,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import type { CustomerNode, CustomerRow } from '../entities/customer.entity.ts';
import { invalidId, unknownCustomer, userError } from '../errors/index.ts';
import { updateReturning } from './ledger.ts';
import { normalisePhone, phoneSearchDigits } from './phone.ts';

export { maskPhone, normalisePhone } from './phone.ts';

/** Looking customers up (by phone, by id, as a federated reference) and reading loyalty. */
export const CUSTOMERS_READ = 'customers:read';
/** Creating and changing customers. */
export const CUSTOMERS_WRITE = 'customers:write';
/**
 * Back-office reading. It also stands for "may see customers' full phones in lists" and, with
 * `customers:write`, for loyalty administration (program, merges, adjustments): identity owns
 * the permission list, and this is the permission that separates owners, managers and
 * accountants from cashiers.
 */
export const REPORTS_READ = 'reports:read';

/** Raw SQL column list producing a {@link CustomerRow}. */
export const CUSTOMER_COLUMNS = `tenant_id AS "tenantId", id, phone, name, birthday::text AS birthday, tags, notes,
  created_at AS "createdAt", updated_at AS "updatedAt", merged_into AS "mergedIntoId", merged_at AS "mergedAt"`;

/** Full phones in lists, by id and on sales: only for back-office readers. */
export function mayReadPhones(ctx: RequestContext): boolean {
  return hasPermission(ctx.identity.permissions, REPORTS_READ);
}

/** Both permissions loyalty administration needs; throws FORBIDDEN otherwise. */
export function requireLoyaltyAdmin(ctx: RequestContext): string {
  requirePermission(ctx, REPORTS_READ);
  return requirePermission(ctx, CUSTOMERS_WRITE);
}

/** The same row, marked as one whose phone the caller typed (so it is shown in full). */
const revealed = (row: CustomerRow): CustomerNode => ({ ...row, phoneRevealed: true });

export async function findByPhone(ctx: RequestContext, phone: string): Promise<CustomerNode | null> {
  requirePermission(ctx, CUSTOMERS_READ);
  const normalised = normalisePhone(phone);
  if (!normalised) return null;
  const rows: CustomerRow[] = await ctx.tx((m) =>
    m.query(`SELECT ${CUSTOMER_COLUMNS} FROM customers.customer WHERE phone = $1`, [normalised]),
  );
  return rows[0] ? revealed(rows[0]) : null;
}

/** Customers by id inside a transaction (no permission check: callers check). */
export async function customersById(
  m: EntityManager,
  ids: readonly string[],
): Promise<Map<string, CustomerRow>> {
  // A non-UUID id has no row; it must not reach PostgreSQL, where it would be a cast error (a 500).
  const valid = [...new Set(ids.filter((id) => isUuid(id)))];
  if (valid.length === 0) return new Map();
  const rows: CustomerRow[] = await m.query(
    `SELECT ${CUSTOMER_COLUMNS} FROM customers.customer WHERE id = ANY($1::uuid[])`,
    [valid],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/** Batch loader: customers by id for this request. */
export function customerLoader(ctx: RequestContext) {
  requirePermission(ctx, CUSTOMERS_READ);
  return ctx.loaders.get<string, CustomerRow | null>('customer', async (ids) => {
    const byId = await ctx.tx((m) => customersById(m, ids));
    return ids.map((id) => byId.get(id) ?? null);
  });
}

/**
 * Batch loader: the duplicates merged into each customer, most recently merged first (merges
 * flatten chains, so these are all the records folded into it).
 */
export function mergedFromLoader(ctx: RequestContext) {
  requirePermission(ctx, CUSTOMERS_READ);
  return ctx.loaders.get<string, CustomerRow[]>('mergedFrom', async (ids) => {
    const valid = [...new Set(ids.filter((id) => isUuid(id)))];
    const rows: CustomerRow[] = valid.length
      ? await ctx.tx((m) =>
          m.query(
            `SELECT ${CUSTOMER_COLUMNS} FROM customers.customer WHERE merged_into = ANY($1::uuid[])
              ORDER BY merged_at DESC, id DESC`,
            [valid],
          ),
        )
      : [];
    return ids.map((id) => rows.filter((row) => row.mergedIntoId === id));
  });
}

/** Longest merge chain followed (merges flatten chains, so one hop is the norm). */
export const MAX_MERGE_HOPS = 10;

/** The live customer behind `id`: itself, or the customer it was (transitively) merged into. */
export async function liveCustomer(ctx: RequestContext, id: string): Promise<CustomerRow | null> {
  const loader = customerLoader(ctx);
  let row = await loader.load(id);
  for (let hop = 0; row?.mergedIntoId && hop < MAX_MERGE_HOPS; hop++)
    row = await loader.load(row.mergedIntoId);
  return row;
}

export interface CustomerFilterInput {
  search?: string | null;
  tag?: string | null;
  includeMerged?: boolean | null;
}

/** Escapes LIKE wildcards in user text. */
const likeEscape = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Customers newest first (id is a UUID v7, so id order is creation order), keyset-paged on id.
 * A digits-only search matches phone prefixes (with or without the 998 country code) and
 * suffixes; any other search needs every word in the name. Both predicates are served by
 * trigram indexes.
 */
export async function listCustomers(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; filter?: CustomerFilterInput | null },
) {
  requirePermission(ctx, CUSTOMERS_READ);
  const limit = pageSize(args.first);
  const after = decodeCursor(args.after, 1);
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (!args.filter?.includeMerged) where.push('merged_into IS NULL');
  if (after) {
    const id = String(after[0]);
    if (!isUuid(id)) return toConnection<CustomerRow>([], limit, (r) => [r.id]);
    where.push(`id < ${param(id)}::uuid`);
  }
  const search = args.filter?.search?.trim();
  if (search) {
    const digits = phoneSearchDigits(search);
    if (digits) {
      where.push(
        `(phone LIKE ${param(`+${digits}%`)} OR phone LIKE ${param(`+998${digits}%`)} OR phone LIKE ${param(`%${digits}`)})`,
      );
    } else {
      for (const word of search.toLowerCase().split(/\s+/).filter(Boolean)) {
        where.push(`lower(name) LIKE ${param(`%${likeEscape(word)}%`)}`);
      }
    }
  }
  const tag = args.filter?.tag?.trim().toLowerCase();
  if (tag) where.push(`tags @> ARRAY[${param(tag)}]::text[]`);
  const sql = `SELECT ${CUSTOMER_COLUMNS} FROM customers.customer
    ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${param(limit + 1)}`;
  const rows: CustomerRow[] = await ctx.tx((m) => m.query(sql, params));
  return toConnection(rows, limit, (r) => [r.id]);
}

/** Longest customer name accepted (the same bound as product names). */
const MAX_NAME = 200;
const MAX_NOTES = 2000;
const MAX_TAGS = 20;
const MAX_TAG = 50;

interface DetailsInput {
  name?: string | null;
  birthday?: string | null;
  tags?: readonly string[] | null;
  notes?: string | null;
}

interface Details {
  name?: string | null;
  birthday?: string | null;
  tags?: string[];
  notes?: string | null;
}

/** Validates the optional details; `undefined` fields stay undefined (unchanged on update). */
function normaliseDetails(input: DetailsInput): { value: Details; errors: UserError[] } {
  const errors: UserError[] = [];
  const value: Details = {};
  if (input.name !== undefined) {
    const name = input.name?.trim() || null;
    if (name && name.length > MAX_NAME) {
      errors.push(
        userError('INVALID_NAME', `Name must be at most ${MAX_NAME} characters`, ['input', 'name']),
      );
    }
    value.name = name;
  }
  if (input.birthday !== undefined) {
    // The Date scalar has already checked the format and that the day exists.
    const today = new Date().toISOString().slice(0, 10);
    if (input.birthday && (input.birthday > today || input.birthday < '1900-01-01')) {
      errors.push(
        userError('INVALID_BIRTHDAY', 'Birthday must be between 1900-01-01 and today', ['input', 'birthday']),
      );
    }
    value.birthday = input.birthday;
  }
  if (input.tags !== undefined) {
    const tags = [...new Set((input.tags ?? []).map((t) => t.trim().toLowerCase()))];
    if (tags.length > MAX_TAGS || tags.some((t) => t.length === 0 || t.length > MAX_TAG)) {
      errors.push(
        userError('INVALID_TAGS', `At most ${MAX_TAGS} tags of 1–${MAX_TAG} characters`, ['input', 'tags']),
      );
    }
    value.tags = tags;
  }
  if (input.notes !== undefined) {
    const notes = input.notes?.trim() || null;
    if (notes && notes.length > MAX_NOTES) {
      errors.push(
        userError('INVALID_NOTES', `Notes must be at most ${MAX_NOTES} characters`, ['input', 'notes']),
      );
    }
    value.notes = notes;
  }
  return { value, errors };
}

const duplicatePhone = () =>
  userError('DUPLICATE_PHONE', 'A customer with this phone already exists', ['input', 'phone']);
const invalidPhone = () => userError('INVALID_PHONE', 'Not a valid phone number', ['input', 'phone']);
/** A phone belongs to one customer per tenant: the unique constraint decides a race. */
const PHONE_TAKEN: ViolationMap = { customer_tenant_id_phone_key: duplicatePhone() };

export async function createCustomer(
  ctx: RequestContext,
  input: { phone: string } & DetailsInput,
): Promise<{ customer: CustomerNode | null; errors: UserError[] }> {
  const tenantId = requirePermission(ctx, CUSTOMERS_WRITE);
  const phone = normalisePhone(input.phone);
  const { value, errors } = normaliseDetails({
    name: input.name ?? null,
    birthday: input.birthday ?? null,
    tags: input.tags ?? [],
    notes: input.notes ?? null,
  });
  if (!phone) errors.unshift(invalidPhone());
  if (errors.length > 0 || !phone) return { customer: null, errors };
  return ctx.tx(async (m) => {
    const inserted: CustomerRow[] = await m.query(
      `INSERT INTO customers.customer (tenant_id, id, phone, name, birthday, tags, notes)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (tenant_id, phone) DO NOTHING
       RETURNING ${CUSTOMER_COLUMNS}`,
      [tenantId, newId(), phone, value.name, value.birthday, value.tags, value.notes],
    );
    if (!inserted[0]) return { customer: null, errors: [duplicatePhone()] };
    return { customer: revealed(inserted[0]), errors: [] };
  });
}

export async function updateCustomer(
  ctx: RequestContext,
  input: { id: string; phone?: string | null } & DetailsInput,
): Promise<{ customer: CustomerNode | null; errors: UserError[] }> {
  const tenantId = requirePermission(ctx, CUSTOMERS_WRITE);
  const { value, errors } = normaliseDetails(input);
  let phone: string | undefined;
  if (input.phone !== undefined) {
    const normalised = input.phone === null ? null : normalisePhone(input.phone);
    if (!normalised) errors.unshift(invalidPhone());
    else phone = normalised;
  }
  if (!isUuid(input.id)) errors.unshift(invalidId(['input', 'id']));
  if (errors.length > 0) return { customer: null, errors };
  const written = await runWrite(
    ctx,
    async (m): Promise<CustomerNode> => {
      const current: CustomerRow[] = await m.query(
        `SELECT ${CUSTOMER_COLUMNS} FROM customers.customer WHERE id = $1 FOR UPDATE`,
        [input.id],
      );
      const row = current[0];
      if (!row) reject(unknownCustomer(['input', 'id']));
      if (row.mergedIntoId) {
        reject(
          userError('CUSTOMER_MERGED', 'A merged customer is read-only; change the kept one', [
            'input',
            'id',
          ]),
        );
      }
      const sets: string[] = [];
      const params: unknown[] = [input.id];
      const set = (column: string, v: unknown) => {
        params.push(v);
        sets.push(`${column} = $${params.length}`);
      };
      if (phone !== undefined && phone !== row.phone) set('phone', phone);
      if (value.name !== undefined && value.name !== row.name) set('name', value.name);
      if (value.birthday !== undefined && value.birthday !== row.birthday) set('birthday', value.birthday);
      if (value.tags !== undefined && value.tags.join('\n') !== row.tags.join('\n')) set('tags', value.tags);
      if (value.notes !== undefined && value.notes !== row.notes) set('notes', value.notes);
      if (sets.length === 0) return phone ? revealed(row) : row;
      const updated = await updateReturning<CustomerRow>(
        m,
        `UPDATE customers.customer SET ${sets.join(', ')}, updated_at = now() WHERE id = $1 RETURNING ${CUSTOMER_COLUMNS}`,
        params,
      );
      await appendAudit(m, {
        tenantId,
        actor: actorOf(ctx),
        action: 'customer.updated',
        entityType: 'customer',
        entityId: input.id,
        // Which fields changed, never their values: the audit log is append-only and personal
        // data in it could never be erased.
        data: { fields: sets.map((s) => s.split(' = ')[0]) },
        source: 'customers',
      });
      const customer = updated[0]!;
      return phone ? revealed(customer) : customer;
    },
    PHONE_TAKEN,
  );
  return payloadOf('customer', written);
}
