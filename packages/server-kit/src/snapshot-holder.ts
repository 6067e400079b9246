/**
 * Why a consumer is held back. A consumer applies only settled events — those whose writing
 * transaction is older than every transaction still open on the server (events.ts) — so one
 * long write transaction anywhere on the PostgreSQL server, in any database (a bulk import, a
 * migration, someone's benchmark, a forgotten `BEGIN` in psql), holds every consumer back
 * until it ends: the events are committed, the consumer sees them, and waits. That used to show
 * only as lag. {@link snapshotHolder} names the transaction: the oldest open transaction id is
 * the current snapshot's `xmin`, and the backend running it holds the lock on that id
 * (`pg_locks`, readable by any role). Which database and application it belongs to comes from
 * `pg_stat_activity` (its start time only where the role may see it).
 */
import type { EntityManager } from 'typeorm';

/** The open transaction that holds committed events back, as far as this role can see it. */
export interface SnapshotHolder {
  /** Its backend's process id (null for a prepared transaction). */
  pid: number | null;
  /** Its transaction id (the snapshot's xmin). */
  txid: string;
  database: string | null;
  application: string | null;
  /** How long it has been open, where this role may see that (else null). */
  openSeconds: number | null;
}

/**
 * The oldest transaction still open on the server (with a transaction id: one that wrote):
 * the one every consumer's held-back events wait for. Null when none is open.
 */
export async function snapshotHolder(manager: EntityManager): Promise<SnapshotHolder | null> {
  const rows: {
    pid: number | null;
    txid: string;
    database: string | null;
    application: string | null;
    open_seconds: number | null;
  }[] = await manager.query(
    `WITH s AS (SELECT pg_snapshot_xmin(pg_current_snapshot()) AS xmin)
     SELECT l.pid, s.xmin::text AS txid, a.datname AS database,
            nullif(a.application_name, '') AS application,
            round(extract(epoch FROM now() - a.xact_start))::int AS open_seconds
       FROM s
       JOIN pg_locks l ON l.locktype = 'transactionid' AND l.mode = 'ExclusiveLock' AND l.transactionid = xid(s.xmin)
       LEFT JOIN pg_stat_activity a ON a.pid = l.pid
      LIMIT 1`,
  );
  const r = rows[0];
  if (!r) return null;
  return {
    pid: r.pid,
    txid: r.txid,
    database: r.database,
    application: r.application,
    openSeconds: r.open_seconds,
  };
}
