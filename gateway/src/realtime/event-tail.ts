/**
 * The gateway's reader of the event log, one per process, shared by every subscription.
 *
 * It reads as the gateway's own role (`jowi_gateway`, a member of the event-consumer role: it
 * sees every tenant's events and can write nothing) and only the settled prefix of the log —
 * events whose transaction is older than every transaction still in flight — in `(txid, id)`
 * order, so a position it has passed can never get an event behind it (server-kit events.ts).
 * That is what makes subscription cursors gap-free across reconnects and gateway processes.
 *
 * It is woken through Redis when a producer commits events (the same channel consumers use) and
 * polls as a safety net; every event it reads goes to the listeners (subscriptions), which
 * filter by tenant themselves. A subscription that resumes from an older cursor reads its
 * backlog with {@link EventTail.readRange}, for its tenant only.
 */
import { eventsChannelFor, type Logger } from '@jowi/server-kit';
import type { Redis } from 'ioredis';
import type pg from 'pg';
import { encodePosition, LOG_START, type LogPosition } from './position.ts';

/** An event as subscriptions get it. */
export interface TailEvent {
  position: LogPosition;
  cursor: string;
  tenantId: string;
  type: string;
  payload: Record<string, unknown>;
}

type Listener = (event: TailEvent) => void;

interface EventRow {
  id: string;
  txid: string;
  tenant_id: string;
  type: string;
  payload: Record<string, unknown>;
}

const toEvent = (row: EventRow): TailEvent => {
  const position = { txid: BigInt(row.txid), id: BigInt(row.id) };
  return {
    position,
    cursor: encodePosition(position),
    tenantId: row.tenant_id,
    type: row.type,
    payload: row.payload,
  };
};

const SETTLED = 'txid < pg_snapshot_xmin(pg_current_snapshot())';
const BATCH = 500;

export class EventTail {
  /** The last position read; null until the head of the log is known. */
  position: LogPosition | null = null;
  private readonly listeners = new Set<Listener>();
  private pumping: Promise<void> | null = null;
  private again = false;
  private timer: NodeJS.Timeout | null = null;
  private subscriber: Redis | null = null;
  private failing = false;

  constructor(
    private readonly pool: pg.Pool,
    private readonly types: readonly string[],
    private readonly log: Logger,
  ) {}

  /** Finds the head of the log, then follows it (Redis wake-ups on `database`'s channel, polling). */
  async start(redis: Redis | null, database: string, pollMs: number): Promise<void> {
    this.timer = setInterval(() => this.wake(), pollMs);
    this.timer.unref();
    if (redis) {
      this.subscriber = redis.duplicate();
      this.subscriber.on('error', (error) => this.log.warn({ err: error.message }, 'realtime redis error'));
      this.subscriber.on('message', () => this.wake());
      await this.subscriber.subscribe(eventsChannelFor(database)).catch((error: Error) => {
        this.log.warn({ err: error.message }, 'realtime: no Redis wake-ups, polling only');
      });
    }
    this.wake();
    await this.pumping;
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.subscriber?.disconnect();
    await this.pumping;
  }

  /** Adds a listener for every event read from now on; returns its removal. */
  listen(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Reads new events now (or right after the read in progress). */
  wake(): void {
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump()
      .then(() => {
        if (this.failing) this.log.info('realtime: reading the event log again');
        this.failing = false;
      })
      .catch((error: Error) => {
        // Once per outage, not once per poll.
        if (!this.failing) this.log.warn({ err: error.message }, 'realtime: cannot read the event log');
        this.failing = true;
      })
      .finally(() => {
        this.pumping = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  private async pump(): Promise<void> {
    if (!this.position) this.position = await this.head();
    for (;;) {
      const events = await this.read(this.position, null, null, BATCH);
      for (const event of events) {
        this.position = event.position;
        for (const listener of this.listeners) listener(event);
      }
      if (events.length < BATCH) return;
    }
  }

  /** The last settled event (or the start of an empty log). */
  private async head(): Promise<LogPosition> {
    const { rows } = await this.pool.query<{ id: string; txid: string }>(
      `SELECT id, txid::text AS txid FROM events.event WHERE ${SETTLED} ORDER BY txid DESC, id DESC LIMIT 1`,
    );
    return rows[0] ? { txid: BigInt(rows[0].txid), id: BigInt(rows[0].id) } : LOG_START;
  }

  /** A tenant's events of `types` after `from`, up to and including `to`, in log order. */
  readRange(
    tenantId: string,
    types: readonly string[],
    from: LogPosition,
    to: LogPosition,
    limit = BATCH,
  ): Promise<TailEvent[]> {
    return this.read(from, to, { tenantId, types }, limit);
  }

  private async read(
    from: LogPosition,
    to: LogPosition | null,
    only: { tenantId: string; types: readonly string[] } | null,
    limit: number,
  ): Promise<TailEvent[]> {
    const { rows } = await this.pool.query<EventRow>(
      `SELECT id::text AS id, txid::text AS txid, tenant_id, type, payload FROM events.event
        WHERE (txid, id) > ($1::xid8, $2::bigint) AND ${SETTLED}
          AND type = ANY($3::text[])
          AND ($4::xid8 IS NULL OR (txid, id) <= ($4::xid8, $5::bigint))
          AND ($6::uuid IS NULL OR tenant_id = $6::uuid)
        ORDER BY txid, id LIMIT $7`,
      [
        from.txid.toString(),
        from.id.toString(),
        only?.types ?? this.types,
        to?.txid.toString() ?? null,
        to?.id.toString() ?? null,
        only?.tenantId ?? null,
        limit,
      ],
    );
    return rows.map(toEvent);
  }
}
