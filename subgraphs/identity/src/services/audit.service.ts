/**
 * Reading the tenant's audit log and checking its hash chain (owners only, `audit:read`).
 * Entries are written by every subgraph with server-kit's `appendAudit`; identity only reads
 * `audit.entry` (its role has SELECT, RLS limits rows to the caller's tenant).
 */
import {
  badUserInput,
  type Connection,
  canonicalJson,
  decodeCursor,
  pageSize,
  type RequestContext,
  requirePermission,
  toConnection,
  verifyAuditChain,
} from '@jowi/server-kit';

export const AUDIT_READ = 'audit:read';

/** One audit entry as the API shows it. */
export interface AuditEntryNode {
  seq: number;
  action: string;
  entityType: string;
  entityId: string | null;
  actor: string | null;
  source: string;
  /** The payload as canonical JSON text (keys sorted), exactly as it was hashed. */
  data: string;
  createdAt: Date;
  prevHash: string;
  hash: string;
}

export interface AuditLogFilter {
  action?: string | null;
  entityType?: string | null;
  entityId?: string | null;
  actor?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** GraphQL `Int` is 32-bit; a sequence number beyond it cannot be shown as one. */
function toInt(seq: string | bigint): number {
  const value = Number(seq);
  if (!Number.isSafeInteger(value) || value > 2 ** 31 - 1) throw new Error(`audit seq ${seq} exceeds Int`);
  return value;
}

function isValidDate(value: Date | null | undefined): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

/**
 * The tenant's entries, newest first, with keyset cursors on `seq` (unique per tenant), so paging
 * stays stable while new entries are appended. `from` is inclusive, `to` exclusive.
 */
export async function auditLog(
  ctx: RequestContext,
  args: { first?: number | null; after?: string | null; filter?: AuditLogFilter | null },
): Promise<Connection<AuditEntryNode>> {
  const tenantId = requirePermission(ctx, AUDIT_READ);
  const limit = pageSize(args.first);
  const after = decodeCursor(args.after, 1);
  if (after && (typeof after[0] !== 'string' || !/^[1-9]\d{0,18}$/.test(after[0]))) {
    throw badUserInput('Invalid cursor', 'after');
  }
  const filter = args.filter ?? {};
  const conditions = ['tenant_id = $1'];
  const params: unknown[] = [tenantId];
  const add = (sql: string, value: unknown) => {
    params.push(value);
    conditions.push(sql.replace('?', `$${params.length}`));
  };
  if (after) add('seq < ?::bigint', after[0]);
  if (filter.action) add('action = ?', filter.action);
  if (filter.entityType) add('entity_type = ?', filter.entityType);
  if (filter.entityId) add('entity_id = ?', filter.entityId);
  if (filter.actor) add('actor = ?', filter.actor);
  for (const bound of ['from', 'to'] as const) {
    const value = filter[bound];
    if (value === null || value === undefined) continue;
    if (!isValidDate(value)) throw badUserInput(`filter.${bound} is not a valid instant`, `filter.${bound}`);
    add(bound === 'from' ? 'created_at >= ?' : 'created_at < ?', value.toISOString());
  }
  params.push(limit + 1);
  const rows: {
    seq: string;
    action: string;
    entity_type: string;
    entity_id: string | null;
    actor: string | null;
    source: string;
    data: unknown;
    created_at: Date;
    prev_hash: string;
    hash: string;
  }[] = await ctx.tx((m) =>
    m.query(
      `SELECT seq, action, entity_type, entity_id, actor, source, data, created_at, prev_hash, hash
         FROM audit.entry WHERE ${conditions.join(' AND ')}
        ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    ),
  );
  const nodes = rows.map(
    (r): AuditEntryNode => ({
      seq: toInt(r.seq),
      action: r.action,
      entityType: r.entity_type,
      entityId: r.entity_id,
      actor: r.actor,
      source: r.source,
      data: canonicalJson(r.data),
      createdAt: r.created_at,
      prevHash: r.prev_hash,
      hash: r.hash,
    }),
  );
  return toConnection(nodes, limit, (n) => [String(n.seq)]);
}

export interface AuditChainReport {
  ok: boolean;
  entries: number;
  brokenAtSeq: number | null;
  headSeq: number;
  headHash: string;
  problem: 'BROKEN_LINK' | 'TAIL_MISSING' | null;
}

/**
 * Recomputes the tenant's chain. With an externally kept anchor (`expectedHeadSeq` +
 * `expectedHeadHash`, e.g. the head this query returned last month), deleted or rewritten tail
 * entries are reported as `TAIL_MISSING`, which the chain alone cannot reveal.
 */
export async function verifyChain(
  ctx: RequestContext,
  args: { expectedHeadSeq?: number | null; expectedHeadHash?: string | null },
): Promise<AuditChainReport> {
  const tenantId = requirePermission(ctx, AUDIT_READ);
  const hasSeq = args.expectedHeadSeq !== null && args.expectedHeadSeq !== undefined;
  const hasHash = args.expectedHeadHash !== null && args.expectedHeadHash !== undefined;
  if (hasSeq !== hasHash) {
    throw badUserInput('Give both expectedHeadSeq and expectedHeadHash, or neither', 'expectedHeadHash');
  }
  if (hasSeq && (!Number.isInteger(args.expectedHeadSeq) || args.expectedHeadSeq! < 0)) {
    throw badUserInput('expectedHeadSeq must be 0 or more', 'expectedHeadSeq');
  }
  if (hasHash && !/^[0-9a-f]{64}$/.test(args.expectedHeadHash!)) {
    throw badUserInput('expectedHeadHash must be 64 lowercase hex digits', 'expectedHeadHash');
  }
  const anchor = hasSeq ? { seq: BigInt(args.expectedHeadSeq!), hash: args.expectedHeadHash! } : undefined;
  const verdict = await ctx.tx((m) => verifyAuditChain(m, tenantId, anchor));
  return {
    ok: verdict.ok,
    entries: verdict.entries,
    brokenAtSeq: verdict.brokenAtSeq === null ? null : toInt(verdict.brokenAtSeq),
    headSeq: toInt(verdict.headSeq),
    headHash: verdict.headHash,
    problem: verdict.problem,
  };
}
