/**
 * The audit log: INSERT-only (grants + triggers reject UPDATE/DELETE/TRUNCATE) and hash-chained
 * per tenant, so a privileged edit that bypasses the triggers is still detectable by
 * {@link verifyAuditChain}. Writers serialise per tenant with a transaction advisory lock, so
 * no two entries share a predecessor.
 */
import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { bigintReplacer } from './events.ts';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditInput {
  tenantId: string;
  actor: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  data: Record<string, unknown>;
  source: string;
}

/** Canonical JSON: keys sorted at every level, so the hash does not depend on key order. */
export function canonicalJson(value: unknown): string {
  const normalise = (v: unknown): unknown => {
    if (typeof v === 'bigint') return v.toString();
    if (Array.isArray(v)) return v.map(normalise);
    if (v && typeof v === 'object' && !(v instanceof Date)) {
      return Object.fromEntries(
        Object.keys(v as object)
          .sort()
          .map((k) => [k, normalise((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(normalise(value), bigintReplacer);
}

function entryHash(prevHash: string, body: Record<string, unknown>): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalJson(body)).digest('hex');
}

/** Appends one entry inside the caller's tenant transaction. Returns its sequence number. */
export async function appendAudit(manager: EntityManager, input: AuditInput): Promise<bigint> {
  await manager.query("SELECT pg_advisory_xact_lock(hashtextextended('audit:' || $1, 0))", [input.tenantId]);
  const last: { seq: string; hash: string }[] = await manager.query(
    'SELECT seq, hash FROM audit.entry WHERE tenant_id = $1 ORDER BY seq DESC LIMIT 1',
    [input.tenantId],
  );
  const seq = last[0] ? BigInt(last[0].seq) + 1n : 1n;
  const prevHash = last[0]?.hash ?? GENESIS_HASH;
  const createdAt = new Date().toISOString();
  const data = JSON.parse(canonicalJson(input.data)) as Record<string, unknown>;
  const body = {
    tenantId: input.tenantId,
    seq: seq.toString(),
    actor: input.actor,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    data,
    source: input.source,
    createdAt,
  };
  await manager.query(
    `INSERT INTO audit.entry (tenant_id, seq, actor, action, entity_type, entity_id, data, source, created_at, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      input.tenantId,
      seq.toString(),
      input.actor,
      input.action,
      input.entityType,
      input.entityId,
      JSON.stringify(data),
      input.source,
      createdAt,
      prevHash,
      entryHash(prevHash, body),
    ],
  );
  return seq;
}

/** Why a chain failed verification. */
export type ChainProblem = 'BROKEN_LINK' | 'TAIL_MISSING';

export interface ChainVerdict {
  ok: boolean;
  entries: number;
  /**
   * First entry whose link or content does not match (`BROKEN_LINK`); for `TAIL_MISSING`, the
   * first anchored sequence number that is absent or differs.
   */
  brokenAtSeq: bigint | null;
  /** Hash of the last verified entry (the genesis hash for an empty chain). */
  headHash: string;
  /** Sequence number of the last verified entry (0 for an empty chain). */
  headSeq: bigint;
  problem: ChainProblem | null;
}

/**
 * A head recorded outside the database (a digest the owner kept, a copy in object storage): a
 * hash chain alone cannot tell a chain whose last entries were deleted from a shorter honest one.
 */
export interface ChainAnchor {
  seq: bigint;
  hash: string;
}

/**
 * Walks a tenant's chain from the start and reports the first broken link. With an `anchor`, it
 * also requires the entry at `anchor.seq` to exist with `anchor.hash` (the chain may have grown
 * since); otherwise the tail was deleted or rewritten and the verdict is `TAIL_MISSING`.
 */
export async function verifyAuditChain(
  manager: EntityManager,
  tenantId: string,
  anchor?: ChainAnchor,
): Promise<ChainVerdict> {
  const rows: {
    seq: string;
    actor: string | null;
    action: string;
    entity_type: string;
    entity_id: string | null;
    data: Record<string, unknown>;
    source: string;
    created_at: Date;
    prev_hash: string;
    hash: string;
  }[] = await manager.query(
    `SELECT seq, actor, action, entity_type, entity_id, data, source, created_at, prev_hash, hash
       FROM audit.entry WHERE tenant_id = $1 ORDER BY seq`,
    [tenantId],
  );
  let prev = GENESIS_HASH;
  let expectedSeq = 1n;
  let anchorHash: string | null = null;
  for (const row of rows) {
    const body = {
      tenantId,
      seq: row.seq,
      actor: row.actor,
      action: row.action,
      entityType: row.entity_type,
      entityId: row.entity_id,
      data: row.data,
      source: row.source,
      createdAt: row.created_at.toISOString(),
    };
    if (BigInt(row.seq) !== expectedSeq || row.prev_hash !== prev || entryHash(prev, body) !== row.hash) {
      return {
        ok: false,
        entries: rows.length,
        brokenAtSeq: BigInt(row.seq),
        headHash: prev,
        headSeq: expectedSeq - 1n,
        problem: 'BROKEN_LINK',
      };
    }
    if (anchor && expectedSeq === anchor.seq) anchorHash = row.hash;
    prev = row.hash;
    expectedSeq += 1n;
  }
  const headSeq = expectedSeq - 1n;
  if (anchor && anchor.seq > 0n && anchorHash !== anchor.hash) {
    return {
      ok: false,
      entries: rows.length,
      // Shorter than the anchor: the first missing entry; same length or longer: the anchored one.
      brokenAtSeq: anchorHash === null ? headSeq + 1n : anchor.seq,
      headHash: prev,
      headSeq,
      problem: 'TAIL_MISSING',
    };
  }
  return { ok: true, entries: rows.length, brokenAtSeq: null, headHash: prev, headSeq, problem: null };
}
