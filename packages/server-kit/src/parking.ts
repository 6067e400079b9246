/**
 * Parking: what a consumer does with an event it cannot apply (the poison-event policy).
 *
 * The log is shared by every tenant and a consumer applies it in order, so an event that always
 * fails would stop the consumer for every tenant. Instead, each failure of the event the cursor
 * waits at is counted in `events.parked_event` (state `FAILING`; counting lives in PostgreSQL,
 * so it survives a restart), retried with backoff by the runner, and after the bounded number of
 * attempts — at once for a payload that breaks its contract, which no retry can fix — the event
 * is **parked**: the row becomes `PARKED` and the cursor moves past the event in the same
 * transaction, so the remaining events of every tenant keep flowing and nothing is applied
 * twice or lost. The normal loop never reads a parked event again (`consumeEvents` skips them).
 *
 * An operator sees parked events (a GraphQL query over this table, under RLS: each tenant's
 * staff see their own) and asks for a retry, which only marks rows `RETRY_REQUESTED`. The
 * consumer that owns them picks its own requests up on its next loop and applies each in one
 * transaction with the deletion of its row (holding the cursor lock, as a batch does): once, or
 * not at all — a failed retry leaves the row `PARKED` again with the new error.
 */
import type { EntityManager } from 'typeorm';
import { setTenant } from './db.ts';
import { type StoredEvent, takeEventsAppended, toStoredEvent } from './events.ts';
import { type Connection, decodeCursor, toConnection } from './pagination.ts';

/** Where a failing event stands with a consumer. */
export type ParkedState = 'FAILING' | 'PARKED' | 'RETRY_REQUESTED';

/** A row of `events.parked_event`. */
export interface ParkedEventRow {
  consumer: string;
  eventId: bigint;
  tenantId: string;
  type: string;
  state: ParkedState;
  error: string;
  attempts: number;
  firstFailedAt: Date;
  lastFailedAt: Date;
  parkedAt: Date | null;
  retryRequestedAt: Date | null;
  retryRequestedBy: string | null;
}

const PARKED_COLUMNS = `consumer, event_id::text AS "eventId", tenant_id AS "tenantId", type, state, error, attempts,
  first_failed_at AS "firstFailedAt", last_failed_at AS "lastFailedAt", parked_at AS "parkedAt",
  retry_requested_at AS "retryRequestedAt", retry_requested_by AS "retryRequestedBy"`;

const toParkedRow = (raw: Record<string, unknown>): ParkedEventRow =>
  ({ ...raw, eventId: BigInt(raw.eventId as string) }) as ParkedEventRow;

/** Longest error message kept (the rest is cut). */
const MAX_ERROR = 2_000;

const CURSOR = `coalesce(c.txid, (SELECT e.txid FROM events.event e WHERE e.id = c.position), '0'::xid8)`;

/** What {@link recordFailure} did. */
export type FailureOutcome =
  /** Counted: `attempts` so far; the runner retries after a backoff. */
  | { outcome: 'counted'; attempts: number }
  /** Parked (with the cursor moved past it) after `attempts`. */
  | { outcome: 'parked'; attempts: number }
  /** Not counted: another process holds the cursor, or the event is no longer the next one. */
  | { outcome: 'skipped'; attempts: 0 };

/**
 * Records a failed attempt at `event`, the first event after `consumer`'s cursor, in a
 * transaction of its own (the failed batch has rolled back). Parks it — row and cursor move in
 * one commit — when `permanent` or once `maxAttempts` are reached.
 */
export async function recordFailure(
  manager: EntityManager,
  input: {
    consumer: string;
    types: readonly string[] | null;
    event: Pick<StoredEvent, 'id' | 'tenantId' | 'type'>;
    error: string;
    permanent: boolean;
    maxAttempts: number;
  },
): Promise<FailureOutcome> {
  return manager.transaction(async (tx) => {
    const next: { txid: string; next: boolean }[] = await tx.query(
      `WITH cur AS (
         SELECT c.position, ${CURSOR} AS txid FROM events.consumer_cursor c
          WHERE c.consumer = $1 FOR UPDATE OF c SKIP LOCKED
       ), target AS (SELECT id, txid FROM events.event WHERE id = $2)
       SELECT target.txid::text AS txid,
              (target.txid, target.id) > (cur.txid, cur.position) AND NOT EXISTS (
                SELECT 1 FROM events.event e
                 WHERE (e.txid, e.id) > (cur.txid, cur.position) AND (e.txid, e.id) < (target.txid, target.id)
                   AND ($3::text[] IS NULL OR e.type = ANY($3))
                   AND NOT EXISTS (SELECT 1 FROM events.parked_event p
                                    WHERE p.consumer = $1 AND p.event_id = e.id AND p.state <> 'FAILING')
              ) AS next
         FROM cur, target`,
      [input.consumer, input.event.id.toString(), input.types],
    );
    if (!next[0]?.next) return { outcome: 'skipped', attempts: 0 };
    await setTenant(tx, input.event.tenantId);
    const [counted]: { attempts: number }[] = await tx.query(
      `INSERT INTO events.parked_event (consumer, event_id, tenant_id, type, state, error, attempts)
       VALUES ($1, $2, $3, $4, 'FAILING', $5, 1)
       ON CONFLICT (consumer, event_id) DO UPDATE
         SET attempts = parked_event.attempts + 1, error = EXCLUDED.error, last_failed_at = now()
       RETURNING attempts`,
      [
        input.consumer,
        input.event.id.toString(),
        input.event.tenantId,
        input.event.type,
        input.error.slice(0, MAX_ERROR),
      ],
    );
    const attempts = counted!.attempts;
    if (!input.permanent && attempts < input.maxAttempts) return { outcome: 'counted', attempts };
    await tx.query(
      `WITH parked AS (
         UPDATE events.parked_event SET state = 'PARKED', parked_at = now()
          WHERE consumer = $1 AND event_id = $2)
       UPDATE events.consumer_cursor SET position = $2, txid = $3::xid8, updated_at = now() WHERE consumer = $1`,
      [input.consumer, input.event.id.toString(), next[0].txid],
    );
    return { outcome: 'parked', attempts };
  });
}

/** What one {@link applyRetryRequest} did. */
export type RetryOutcome =
  | { outcome: 'none' }
  | { outcome: 'locked' }
  | { outcome: 'applied'; event: StoredEvent; appendedEvents: boolean }
  | { outcome: 'failed'; event: StoredEvent; error: unknown };

/**
 * Applies the oldest event an operator asked `consumer` to retry, if any: in one transaction
 * that holds the cursor lock (so it never runs beside a batch of the same consumer), applies it
 * with its tenant set and deletes its row — exactly once. If `apply` throws, its effects roll back
 * (a savepoint) and the row is `PARKED` again with the new error and one more attempt.
 */
export async function applyRetryRequest(
  manager: EntityManager,
  consumer: string,
  apply: (tx: EntityManager, event: StoredEvent) => Promise<void>,
): Promise<RetryOutcome> {
  return manager.transaction(async (tx): Promise<RetryOutcome> => {
    const cursor: unknown[] = await tx.query(
      'SELECT 1 FROM events.consumer_cursor WHERE consumer = $1 FOR UPDATE SKIP LOCKED',
      [consumer],
    );
    if (cursor.length === 0) return { outcome: 'locked' };
    const rows: Record<string, unknown>[] = await tx.query(
      `SELECT e.id::text AS id, e.txid::text AS txid, true AS ready, e.tenant_id, e.type, e.version,
              e.aggregate_id, e.payload, e.source, e.created_at
         FROM events.parked_event p JOIN events.event e ON e.id = p.event_id
        WHERE p.consumer = $1 AND p.state = 'RETRY_REQUESTED'
        ORDER BY e.txid, e.id LIMIT 1 FOR UPDATE OF p SKIP LOCKED`,
      [consumer],
    );
    if (!rows[0]) return { outcome: 'none' };
    const event = toStoredEvent({
      id: rows[0].id as string,
      txid: rows[0].txid as string,
      ready: true,
      tenant_id: rows[0].tenant_id as string,
      type: rows[0].type as string,
      version: rows[0].version as number,
      aggregate_id: rows[0].aggregate_id as string,
      payload: rows[0].payload,
      source: rows[0].source as string,
      created_at: rows[0].created_at as Date,
    });
    await setTenant(tx, event.tenantId);
    try {
      await tx.transaction((inner) => apply(inner, event));
    } catch (error) {
      await tx.query(
        `UPDATE events.parked_event
            SET state = 'PARKED', attempts = attempts + 1, error = $3, last_failed_at = now(), parked_at = now()
          WHERE consumer = $1 AND event_id = $2`,
        [consumer, event.id.toString(), errorMessage(error).slice(0, MAX_ERROR)],
      );
      return { outcome: 'failed', event, error };
    }
    await tx.query('DELETE FROM events.parked_event WHERE consumer = $1 AND event_id = $2', [
      consumer,
      event.id.toString(),
    ]);
    return { outcome: 'applied', event, appendedEvents: takeEventsAppended(tx) };
  });
}

/** An error as the one line an operator reads. */
export function errorMessage(error: unknown): string {
  const cause = error instanceof Error && error.name === 'EventHandlerError' ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

/** Parked events (PARKED and RETRY_REQUESTED) per consumer, of every tenant the role may see. */
export async function parkedCounts(
  manager: EntityManager,
  consumers: readonly string[],
): Promise<Map<string, number>> {
  const rows: { consumer: string; n: number }[] = await manager.query(
    `SELECT consumer, count(*)::int AS n FROM events.parked_event
      WHERE consumer = ANY($1) AND state <> 'FAILING' GROUP BY consumer`,
    [consumers],
  );
  return new Map(consumers.map((c) => [c, rows.find((r) => r.consumer === c)?.n ?? 0]));
}

// Operators: what the GraphQL host reads and writes inside a tenant transaction -----------------

/** One consumer as operators see it, for the tenant of the transaction. */
export interface ConsumerStatus {
  /** Cursor key `<runtime role>:<name>`. */
  name: string;
  /** Event types it follows; null: all. */
  types: string[] | null;
  /** The tenant's events of its types it has not applied yet (parked ones excluded). */
  eventsBehind: number;
  /** Age in seconds of the oldest of them (0 when caught up). */
  secondsBehind: number;
  /** The tenant's events parked for it (PARKED or RETRY_REQUESTED). */
  parked: number;
  /** The tenant's events it is failing on right now (attempts counting). */
  failing: number;
}

/**
 * Every consumer that has a cursor, with lag and parked counts over the events the calling role
 * may see in the transaction's tenant (a role that is not an event consumer sees its own
 * tenant's events only, which is what a tenant's operators should see).
 */
export async function listConsumerStatus(manager: EntityManager): Promise<ConsumerStatus[]> {
  const rows: {
    name: string;
    types: string[] | null;
    behind: number;
    seconds: number | null;
    parked: number;
    failing: number;
  }[] = await manager.query(
    `SELECT c.consumer AS name, c.types,
            (SELECT count(*)::int FROM events.event e
              WHERE (e.txid, e.id) > (${CURSOR}, c.position) AND (c.types IS NULL OR e.type = ANY(c.types))
                AND NOT EXISTS (SELECT 1 FROM events.parked_event p
                                 WHERE p.consumer = c.consumer AND p.event_id = e.id AND p.state <> 'FAILING')) AS behind,
            (SELECT extract(epoch FROM clock_timestamp() - min(e.created_at))::float8 FROM events.event e
              WHERE (e.txid, e.id) > (${CURSOR}, c.position) AND (c.types IS NULL OR e.type = ANY(c.types))
                AND NOT EXISTS (SELECT 1 FROM events.parked_event p
                                 WHERE p.consumer = c.consumer AND p.event_id = e.id AND p.state <> 'FAILING')) AS seconds,
            (SELECT count(*)::int FROM events.parked_event p
              WHERE p.consumer = c.consumer AND p.state <> 'FAILING' AND p.tenant_id = jowi.current_tenant()) AS parked,
            (SELECT count(*)::int FROM events.parked_event p
              WHERE p.consumer = c.consumer AND p.state = 'FAILING' AND p.tenant_id = jowi.current_tenant()) AS failing
       FROM events.consumer_cursor c ORDER BY c.consumer`,
  );
  return rows.map((r) => ({
    name: r.name,
    types: r.types,
    eventsBehind: r.behind,
    secondsBehind: Math.max(0, r.seconds ?? 0),
    parked: r.parked,
    failing: r.failing,
  }));
}

/** Filter of {@link listParkedEvents}. */
export interface ParkedEventFilter {
  consumer?: string | null;
  states?: readonly ParkedState[] | null;
}

/** The transaction tenant's parked and failing events, newest event first (keyset on event id, consumer). */
export async function listParkedEvents(
  manager: EntityManager,
  filter: ParkedEventFilter,
  page: { first: number; after?: string | null },
): Promise<Connection<ParkedEventRow>> {
  const after = decodeCursor(page.after, 2);
  const params: unknown[] = [filter.consumer ?? null, filter.states?.length ? filter.states : null];
  let keyset = '';
  if (after) {
    params.push(String(after[0]), String(after[1]));
    keyset = `AND (event_id, consumer) < ($${params.length - 1}::bigint, $${params.length})`;
  }
  params.push(page.first + 1);
  const rows: Record<string, unknown>[] = await manager.query(
    `SELECT ${PARKED_COLUMNS} FROM events.parked_event
      WHERE tenant_id = jowi.current_tenant() AND ($1::text IS NULL OR consumer = $1)
        AND ($2::text[] IS NULL OR state = ANY($2)) ${keyset}
      ORDER BY event_id DESC, consumer DESC LIMIT $${params.length}`,
    params,
  );
  return toConnection(rows.map(toParkedRow), page.first, (r) => [r.eventId.toString(), r.consumer]);
}

/**
 * Marks the transaction tenant's PARKED events `RETRY_REQUESTED` — those named in `events`, or
 * all of them (of `consumer`, when given). Events that are failing (still being retried) or
 * already requested are left alone. Returns the rows marked now.
 */
export async function requestRetry(
  manager: EntityManager,
  input: {
    events?: readonly { consumer: string; eventId: bigint }[] | null;
    consumer?: string | null;
    requestedBy: string | null;
  },
): Promise<ParkedEventRow[]> {
  const named = input.events ?? null;
  const [rows]: [Record<string, unknown>[], number] = await manager.query(
    `UPDATE events.parked_event
        SET state = 'RETRY_REQUESTED', retry_requested_at = now(), retry_requested_by = $4
      WHERE tenant_id = jowi.current_tenant() AND state = 'PARKED'
        AND ($1::text IS NULL OR consumer = $1)
        AND ($2::text[] IS NULL OR (consumer, event_id) IN (SELECT * FROM unnest($2::text[], $3::bigint[])))
      RETURNING ${PARKED_COLUMNS}`,
    [
      input.consumer ?? null,
      named ? named.map((e) => e.consumer) : null,
      named ? named.map((e) => e.eventId.toString()) : null,
      input.requestedBy,
    ],
  );
  return rows.map(toParkedRow).sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
}
