/**
 * The event log (transactional outbox). A change and its event are written in one transaction.
 *
 * Consumers read after their own cursor, but never past an event whose transaction may still
 * be in flight. Ids are taken before commit, so a lower id can become visible after a higher
 * one; worse, a transaction that started earlier (lower xid) can take a *higher* id than one
 * that started later. Reading by id alone would step past the late one, so consumers read in
 * `(txid, id)` order and only events whose writing transaction is older than the current
 * snapshot's xmin (`txid < pg_snapshot_xmin(pg_current_snapshot())`): every transaction that can
 * still commit has `txid >= xmin`, so nothing can ever appear behind a cursor that only moves
 * through that settled prefix. The cursor is the pair `(txid, id)` of the last applied event.
 *
 * Wake-up: `appendEvent(s)` marks the transaction; whoever commits it (`ctx.tx`, the consumer
 * runner, or a caller using {@link takeEventsAppended}) calls {@link publishEventsCommitted}
 * afterwards, which pings consumers through Redis when it is configured. Redis only shortens
 * latency: consumers also poll, and PostgreSQL stays the only record.
 *
 * Contracts: every event type has a versioned payload schema in `@jowi/events`. `appendEvent(s)`
 * accept only a payload of the type's shape and record the contract version beside it; consumers
 * parse with the schema of the stored version (see `defineConsumer`).
 */
import { currentVersion, type EventPayloadInput, type EventType } from '@jowi/events';
import type { DataSource, EntityManager } from 'typeorm';
import { setTenant } from './db.ts';
import type { Logger } from './logger.ts';
import type { Redis } from './redis.ts';

/** An event of type `T` to append: its payload has the shape of `T`'s current contract. */
export interface NewEventOf<T extends EventType> {
  tenantId: string;
  type: T;
  aggregateId: string;
  payload: EventPayloadInput<T>;
  /** The producing subgraph. */
  source: string;
}

/** An event to append, of any type; `type` decides the payload's shape. */
export type NewEvent = { [T in EventType]: NewEventOf<T> }[EventType];

/**
 * An event as written, without a contract check: only for server-kit's own tests of the log
 * mechanics (probe types). Producers use {@link appendEvent} / {@link appendEvents}.
 */
export interface RawEvent {
  tenantId: string;
  type: string;
  version: number;
  aggregateId: string;
  payload: unknown;
  source: string;
}

export interface StoredEvent {
  id: bigint;
  tenantId: string;
  type: string;
  /** The contract version the payload was written as. */
  version: number;
  aggregateId: string;
  payload: unknown;
  source: string;
  createdAt: Date;
}

const raw = (event: NewEvent): RawEvent => ({ ...event, version: currentVersion(event.type) });

/**
 * Redis pub/sub channel on which commits with events are announced (the message carries
 * nothing): `jowi:<database>:events`, so databases sharing one Redis do not wake each other.
 */
export function eventsChannel(dataSource: DataSource): string {
  return eventsChannelFor(dataSource.driver.database || 'jowi');
}

/** {@link eventsChannel} by database name (for readers of the log that hold no data source). */
export const eventsChannelFor = (database: string): string => `jowi:${database}:events`;

/** Query runners (one per open transaction) that appended events not yet announced. */
const appendedIn = new WeakSet<object>();

/**
 * Marks `manager`'s transaction as having appended events, so its commit wakes consumers. The
 * append functions do this; a producer that writes `events.event` in its own SQL calls it.
 */
export function markEventsAppended(manager: EntityManager): void {
  if (manager.queryRunner) appendedIn.add(manager.queryRunner);
}

/**
 * True when events were appended through `manager`'s transaction since the last call; clears
 * the mark. Call it inside the transaction, and publish with {@link publishEventsCommitted} only
 * after the commit succeeded.
 */
export function takeEventsAppended(manager: EntityManager): boolean {
  const runner = manager.queryRunner;
  if (!runner || !appendedIn.has(runner)) return false;
  appendedIn.delete(runner);
  return true;
}

let lastPublishWarning = 0;

/**
 * Tells consumers that a transaction with events has committed. Never throws and never
 * rejects: without Redis it does nothing, and a failed publish is logged (at most once a
 * minute) because the consumers' polling picks the events up anyway.
 */
export function publishEventsCommitted(
  redis: Redis | null | undefined,
  dataSource: DataSource,
  log?: Logger,
): Promise<void> {
  if (!redis) return Promise.resolve();
  return redis.publish(eventsChannel(dataSource), '1').then(
    () => undefined,
    (error: unknown) => {
      if (Date.now() - lastPublishWarning < 60_000) return;
      lastPublishWarning = Date.now();
      log?.warn(
        { err: error instanceof Error ? error.message : String(error) },
        'could not publish the event wake-up; consumers will find the events by polling',
      );
    },
  );
}

/** Appends an event inside the caller's (tenant) transaction, as its contract's current version. */
export async function appendEvent(manager: EntityManager, event: NewEvent): Promise<bigint> {
  const [id] = await insertEvents(manager, [raw(event)]);
  return id!;
}

/**
 * Appends many events with one multi-row INSERT (set-based ingestion) inside the caller's
 * transaction. Returns their ids in input order: rows are inserted in input order, so ids
 * ascend with it.
 */
export async function appendEvents(manager: EntityManager, events: readonly NewEvent[]): Promise<bigint[]> {
  return insertEvents(manager, events.map(raw));
}

/** Writes events as given (see {@link RawEvent}); ids in input order. */
export async function insertEvents(manager: EntityManager, events: readonly RawEvent[]): Promise<bigint[]> {
  if (events.length === 0) return [];
  const rows: { id: string }[] = await manager.query(
    `INSERT INTO events.event (tenant_id, type, version, aggregate_id, payload, source)
     SELECT e.tenant_id, e.type, e.version, e.aggregate_id, e.payload::jsonb, e.source
       FROM unnest($1::uuid[], $2::text[], $3::smallint[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY
            AS e(tenant_id, type, version, aggregate_id, payload, source, n)
      ORDER BY e.n
     RETURNING id`,
    [
      events.map((e) => e.tenantId),
      events.map((e) => e.type),
      events.map((e) => e.version),
      events.map((e) => e.aggregateId),
      events.map((e) => JSON.stringify(e.payload, bigintReplacer)),
      events.map((e) => e.source),
    ],
  );
  markEventsAppended(manager);
  // RETURNING order is not promised by SQL; id order is (ids are drawn in insertion order).
  return rows.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** JSON.stringify replacer: bigint amounts are written as strings so they survive exactly. */
export function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? value.toString() : value;
}

/** A row of the batch read (see {@link readEventBatch}): the event's columns as the driver gives them. */
export interface EventRow {
  id: string;
  txid: string;
  ready: boolean;
  tenant_id: string;
  type: string;
  version: number;
  aggregate_id: string;
  payload: unknown;
  source: string;
  created_at: Date;
}

/**
 * Checks a row of our own SELECT (a plain shape check: the runner paid a zod parse per event
 * before any handler ran).
 */
function eventRow(item: unknown): EventRow {
  const r = item as Record<string, unknown>;
  if (
    typeof r?.id !== 'string' ||
    typeof r.txid !== 'string' ||
    typeof r.ready !== 'boolean' ||
    typeof r.tenant_id !== 'string' ||
    typeof r.type !== 'string' ||
    typeof r.version !== 'number' ||
    typeof r.aggregate_id !== 'string' ||
    typeof r.source !== 'string' ||
    !(r.created_at instanceof Date)
  ) {
    throw new Error(`unexpected event row: ${JSON.stringify(item, bigintReplacer)?.slice(0, 200)}`);
  }
  return r as unknown as EventRow;
}

export interface ConsumeOptions {
  /** "<runtime role>:<name>", e.g. "jowi_inventory:stock-from-sales". */
  consumer: string;
  types?: readonly string[];
  batchSize?: number;
}

/** Thrown (and the batch rolled back) when a handler fails on an event; names the event. */
export class EventHandlerError extends Error {
  readonly eventId: bigint;
  readonly eventType: string;
  readonly tenantId: string;
  /**
   * The event was the first one after the cursor: every event before it is applied, so it is the
   * one the consumer is stuck on (the runner counts an attempt and may park it).
   */
  readonly atCursor: boolean;
  constructor(event: StoredEvent, cause: unknown, atCursor = false) {
    super(
      `handler failed on event ${event.id} (${event.type}): ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
    this.name = 'EventHandlerError';
    this.eventId = event.id;
    this.eventType = event.type;
    this.tenantId = event.tenantId;
    this.atCursor = atCursor;
  }
}

/** Whether retrying the same code on the same event cannot succeed (e.g. a payload against its contract). */
export function isPermanentFailure(error: unknown): boolean {
  const cause = error instanceof EventHandlerError ? error.cause : error;
  return typeof cause === 'object' && cause !== null && (cause as { permanent?: unknown }).permanent === true;
}

/** A stored row of `events.event` as a {@link StoredEvent}. */
export function toStoredEvent(
  row: Omit<EventRow, 'txid' | 'ready'> & Partial<Pick<EventRow, 'txid' | 'ready'>>,
): StoredEvent {
  return {
    id: BigInt(row.id),
    tenantId: row.tenant_id,
    type: row.type,
    version: row.version,
    aggregateId: row.aggregate_id,
    payload: row.payload,
    source: row.source,
    createdAt: row.created_at,
  };
}

/** What one {@link consumeEvents} call did. */
export interface BatchResult {
  /** Events applied (and the cursor moved past them), all in one committed transaction. */
  applied: number;
  /** Id of the last applied event, or null. */
  lastId: bigint | null;
  /** Another process holds this consumer's cursor; nothing was attempted. */
  locked: boolean;
  /** Committed events wait behind an older transaction still in flight; try again shortly. */
  heldBack: boolean;
  /** A handler appended events (publish the wake-up after the commit). */
  appendedEvents: boolean;
}

const CURSOR_TXID = `coalesce(c.txid, (SELECT e.txid FROM events.event e WHERE e.id = c.position), '0'::xid8)`;

/** What {@link readEventBatch} found: the cursor held by another process, or the next events. */
export type EventBatch =
  | { locked: true }
  | {
      locked: false;
      /** Committed events past the cursor in `(txid, id)` order, at most the batch size. */
      rows: EventRow[];
      /** Their settled prefix: what may be applied now. */
      ready: EventRow[];
    };

/** The batch read's columns; `ready`: written by a transaction older than every one still in flight. */
const EVENT_COLUMNS = `e.id::text AS id, e.txid::text AS txid, e.txid < pg_snapshot_xmin(pg_current_snapshot()) AS ready,
         e.tenant_id, e.type, e.version, e.aggregate_id, e.payload, e.source, e.created_at`;

/** Events of consumer `$1` after the position `(txid, id)` given, of types `$3`, not parked, in order. */
const eventsAfter = (txid: string, position: string) => `SELECT * FROM events.event e
       WHERE (e.txid, e.id) > (${txid}, ${position})
         AND ($3::text[] IS NULL OR e.type = ANY($3))
         AND NOT EXISTS (SELECT 1 FROM events.parked_event p
                          WHERE p.consumer = $1 AND p.event_id = e.id AND p.state <> 'FAILING')
       ORDER BY e.txid, e.id LIMIT $2`;

const readBatchSql = `WITH c AS MATERIALIZED (
    SELECT c.position, ${CURSOR_TXID} AS txid FROM events.consumer_cursor c
     WHERE c.consumer = $1 FOR UPDATE OF c SKIP LOCKED
  )
  SELECT ${EVENT_COLUMNS}
    FROM c LEFT JOIN LATERAL (${eventsAfter('c.txid', 'c.position')}) e ON true
   ORDER BY e.txid, e.id`;

const readAheadSql = `SELECT ${EVENT_COLUMNS} FROM (${eventsAfter('$4::xid8', '$5::bigint')}) e ORDER BY e.txid, e.id`;

/** A position in the log as the cursor stores it: the last applied event's id and transaction. */
export interface LogPosition {
  position: string;
  txid: string;
}

/** The batch's committed rows and their settled prefix (the first `ready` ones). */
function splitReady(rows: EventRow[]): { rows: EventRow[]; ready: EventRow[] } {
  const firstHeld = rows.findIndex((r) => !r.ready);
  return { rows, ready: firstHeld < 0 ? rows : rows.slice(0, firstHeld) };
}

/**
 * Locks `consumer`'s cursor for the caller's transaction (`FOR UPDATE SKIP LOCKED`: another
 * process holding it means `locked`) and reads the events after it — one statement. The
 * cursor row is created the first time. Committed events past the cursor come in `(txid, id)`
 * order; the `ready` ones are settled (every transaction that could still commit has
 * `txid >= xmin`) and form a prefix of that order. Events parked for this consumer (parking.ts)
 * are never read.
 */
export async function readEventBatch(tx: EntityManager, options: ConsumeOptions): Promise<EventBatch> {
  const params = [options.consumer, options.batchSize ?? 100, options.types ?? null];
  let raw: { id: string | null }[] = await tx.query(readBatchSql, params);
  if (raw.length === 0) {
    // No cursor row yet, or another process holds it: create it if missing and look again.
    await tx.query(
      'INSERT INTO events.consumer_cursor (consumer, types) VALUES ($1, $2) ON CONFLICT DO NOTHING',
      [options.consumer, options.types ? [...options.types].sort() : null],
    );
    raw = await tx.query(readBatchSql, params);
    if (raw.length === 0) return { locked: true };
  }
  // The cursor row with no event after it comes back as one row of nulls.
  return { locked: false, ...splitReady(raw[0]!.id === null ? [] : raw.map(eventRow)) };
}

/**
 * Reads ahead, without the cursor's lock and outside any batch transaction: the committed events
 * after `after` (as {@link readEventBatch} would read them with the cursor there). Their settled
 * prefix can never change — every transaction that could still commit an event sorts after it —
 * so a batch may apply it later, provided its cursor still stands at `after` under the lock
 * ({@link lockCursor}). Parked events are left out as there; an event is parked only together
 * with a cursor move, which that check sees.
 */
export async function readEventsAhead(
  manager: EntityManager,
  options: ConsumeOptions & { after: LogPosition },
): Promise<{ rows: EventRow[]; ready: EventRow[] }> {
  const raw: unknown[] = await manager.query(readAheadSql, [
    options.consumer,
    options.batchSize ?? 100,
    options.types ?? null,
    options.after.txid,
    options.after.position,
  ]);
  return splitReady(raw.map(eventRow));
}

/**
 * Locks `consumer`'s cursor for the caller's transaction, as {@link readEventBatch} does, and
 * returns where it stands — null when another process holds it (or it does not exist yet).
 */
export async function lockCursor(tx: EntityManager, consumer: string): Promise<LogPosition | null> {
  const rows: LogPosition[] = await tx.query(
    `SELECT c.position::text AS position, (${CURSOR_TXID})::text AS txid FROM events.consumer_cursor c
      WHERE c.consumer = $1 FOR UPDATE OF c SKIP LOCKED`,
    [consumer],
  );
  return rows[0] ?? null;
}

/** The position of the last of `rows` (where the cursor stands once they are applied). */
export const positionAfter = (rows: readonly EventRow[]): LogPosition | null => {
  const last = rows[rows.length - 1];
  return last ? { position: last.id, txid: last.txid } : null;
};

/**
 * Ends an applied batch read by {@link readEventBatch}: moves `consumer`'s cursor past its ready
 * events and says what was done. `appendedEvents`: whether the handlers appended events (they are
 * announced after the commit).
 */
export async function completeBatch(
  tx: EntityManager,
  consumer: string,
  batch: { rows: readonly EventRow[]; ready: readonly EventRow[] },
  appendedEvents: boolean,
): Promise<BatchResult> {
  const { rows, ready } = batch;
  await advanceCursor(tx, consumer, ready);
  const last = ready[ready.length - 1];
  return {
    applied: ready.length,
    lastId: last ? BigInt(last.id) : null,
    locked: false,
    heldBack: ready.length < rows.length,
    appendedEvents,
  };
}

/**
 * Moves `consumer`'s cursor (locked by {@link readEventBatch} in the same transaction) past
 * `applied`, the ready events in order; an applied event that had failed before is no longer
 * failing. One statement.
 */
export async function advanceCursor(
  tx: EntityManager,
  consumer: string,
  applied: readonly EventRow[],
): Promise<void> {
  const last = applied[applied.length - 1];
  if (!last) return;
  await tx.query(
    `WITH recovered AS (
       DELETE FROM events.parked_event
        WHERE consumer = $1 AND state = 'FAILING' AND event_id = ANY($4::bigint[]))
     UPDATE events.consumer_cursor SET position = $2, txid = $3::xid8, updated_at = now() WHERE consumer = $1`,
    [consumer, last.id, last.txid, applied.map((r) => r.id)],
  );
}

/**
 * Applies the next batch of events for `consumer` and advances its cursor in the same
 * transaction: a crash or a replay can neither skip nor double an event. If another process
 * holds the cursor, returns at once with `locked`. The handler runs with the event's tenant set;
 * if it throws, the whole batch rolls back and an {@link EventHandlerError} is thrown.
 *
 * Per batch: one read (cursor lock and events, {@link readEventBatch}), the tenant set when it
 * changes, the handler, one cursor write ({@link advanceCursor}). Events parked for this
 * consumer (see parking.ts) are never read here, and the `FAILING` record of an event that now
 * applied is deleted with the cursor move.
 */
export async function consumeEvents(
  manager: EntityManager,
  options: ConsumeOptions,
  handle: (manager: EntityManager, event: StoredEvent) => Promise<void>,
): Promise<BatchResult> {
  // Only the outermost transaction commits; inside a caller's transaction its commit announces.
  const outermost = !manager.queryRunner?.isTransactionActive;
  return manager.transaction(async (tx) => {
    const none: BatchResult = {
      applied: 0,
      lastId: null,
      locked: false,
      heldBack: false,
      appendedEvents: false,
    };
    const batch = await readEventBatch(tx, options);
    if (batch.locked) return { ...none, locked: true };
    const { ready } = batch;
    // The tenant is transaction-local; set it only when it changes (a round trip per event
    // otherwise). Handlers run as the event's tenant and must not switch it themselves.
    let tenant: string | null = null;
    for (const row of ready) {
      const event = toStoredEvent(row);
      if (row.tenant_id !== tenant) {
        await setTenant(tx, row.tenant_id);
        tenant = row.tenant_id;
      }
      try {
        await handle(tx, event);
      } catch (error) {
        throw error instanceof EventHandlerError
          ? error
          : new EventHandlerError(event, error, row === ready[0]);
      }
    }
    return completeBatch(tx, options.consumer, batch, outermost && takeEventsAppended(tx));
  });
}

/** {@link consumeEvents}, returning only how many events were applied (0 also when locked). */
export async function consumeBatch(
  manager: EntityManager,
  options: ConsumeOptions,
  handle: (manager: EntityManager, event: StoredEvent) => Promise<void>,
): Promise<number> {
  return (await consumeEvents(manager, options, handle)).applied;
}

/** How far a consumer is behind the log. */
export interface ConsumerLag {
  /** Committed events of its types past its cursor (including ones held back by an open transaction). */
  eventsBehind: number;
  /** Age of the oldest of them, in seconds (0 when none). */
  secondsBehind: number;
  /** Id of the last applied event (0 before the first). */
  position: bigint;
}

/**
 * Lag of `consumer` over `types` (all types when omitted). Runs as the consumer's runtime role,
 * which may read its own cursor and, as an event consumer, every tenant's events.
 */
export async function consumerLag(
  manager: EntityManager,
  consumer: string,
  types?: string[] | null,
): Promise<ConsumerLag> {
  const rows: { position: string; behind: string; seconds: number | null }[] = await manager.query(
    `WITH cur AS (
       SELECT position, txid FROM (
         SELECT 0 AS rank, c.position, ${CURSOR_TXID} AS txid FROM events.consumer_cursor c WHERE c.consumer = $1
         UNION ALL SELECT 1, 0, '0'::xid8
       ) options ORDER BY rank LIMIT 1
     )
     SELECT cur.position::text AS position, count(e.id)::text AS behind,
            extract(epoch FROM clock_timestamp() - min(e.created_at))::float8 AS seconds
       FROM cur LEFT JOIN events.event e
         ON (e.txid, e.id) > (cur.txid, cur.position) AND ($2::text[] IS NULL OR e.type = ANY($2))
      GROUP BY cur.position`,
    [consumer, types ?? null],
  );
  const row = rows[0]!;
  return {
    eventsBehind: Number(row.behind),
    secondsBehind: Math.max(0, row.seconds ?? 0),
    position: BigInt(row.position),
  };
}
