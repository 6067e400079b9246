/**
 * The event log (transactional outbox). A change and its event are written in one transaction.
 *
 * Consumers read after their own cursor, but never past an event whose transaction may still
 * be in flight: ids are taken before commit, so a lower id can become visible after a higher
 * one. Reading only events whose writing transaction is older than the current snapshot's
 * xmin (`txid < pg_snapshot_xmin(pg_current_snapshot())`) closes that gap.
 */
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import { setTenant } from './db.ts';

export interface NewEvent {
  tenantId: string;
  type: string;
  aggregateId: string;
  payload: Record<string, unknown>;
  source: string;
}

export interface StoredEvent {
  id: bigint;
  tenantId: string;
  type: string;
  aggregateId: string;
  payload: unknown;
  source: string;
  createdAt: Date;
}

/** Appends an event inside the caller's (tenant) transaction. */
export async function appendEvent(manager: EntityManager, event: NewEvent): Promise<bigint> {
  const rows: { id: string }[] = await manager.query(
    `INSERT INTO events.event (tenant_id, type, aggregate_id, payload, source)
     VALUES ($1, $2, $3, $4, $5) RETURNING id`,
    [
      event.tenantId,
      event.type,
      event.aggregateId,
      JSON.stringify(event.payload, bigintReplacer),
      event.source,
    ],
  );
  return BigInt(rows[0]!.id);
}

/** JSON.stringify replacer: bigint amounts are written as strings so they survive exactly. */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

const rowSchema = z.object({
  id: z.string(),
  tenant_id: z.string(),
  type: z.string(),
  aggregate_id: z.string(),
  payload: z.unknown(),
  source: z.string(),
  created_at: z.date(),
});

export interface ConsumeOptions {
  /** "<runtime role>:<name>", e.g. "jowi_inventory:stock-from-sales". */
  consumer: string;
  types?: string[];
  batchSize?: number;
}

/**
 * Applies the next batch of events for `consumer` and advances its cursor in the same
 * transaction. If another process holds the cursor, returns 0 without waiting. Returns how many
 * events were applied. The handler runs with the event's tenant set.
 */
export async function consumeBatch(
  manager: EntityManager,
  options: ConsumeOptions,
  handle: (manager: EntityManager, event: StoredEvent) => Promise<void>,
): Promise<number> {
  return manager.transaction(async (tx) => {
    await tx.query('INSERT INTO events.consumer_cursor (consumer) VALUES ($1) ON CONFLICT DO NOTHING', [
      options.consumer,
    ]);
    const locked: { position: string }[] = await tx.query(
      'SELECT position FROM events.consumer_cursor WHERE consumer = $1 FOR UPDATE SKIP LOCKED',
      [options.consumer],
    );
    if (locked.length === 0) return 0;
    const position = locked[0]!.position;
    const raw: unknown[] = await tx.query(
      `SELECT id, tenant_id, type, aggregate_id, payload, source, created_at FROM events.event
        WHERE id > $1 AND txid < pg_snapshot_xmin(pg_current_snapshot())
          AND ($2::text[] IS NULL OR type = ANY($2))
        ORDER BY id LIMIT $3`,
      [position, options.types ?? null, options.batchSize ?? 100],
    );
    let last = BigInt(position);
    for (const item of raw) {
      const row = rowSchema.parse(item);
      await setTenant(tx, row.tenant_id);
      await handle(tx, {
        id: BigInt(row.id),
        tenantId: row.tenant_id,
        type: row.type,
        aggregateId: row.aggregate_id,
        payload: row.payload,
        source: row.source,
        createdAt: row.created_at,
      });
      last = BigInt(row.id);
    }
    if (raw.length > 0) {
      await tx.query(
        'UPDATE events.consumer_cursor SET position = $2, updated_at = now() WHERE consumer = $1',
        [options.consumer, last.toString()],
      );
    }
    return raw.length;
  });
}
