/**
 * What a database's busy client backends wait on while a load runs: `pg_stat_activity` sampled
 * every `everyMs`, as percentages of the samples of active backends (`none` = on a CPU or ready
 * to run). `Lock:transactionid` is a batch queueing on another transaction's rows; `IO:WALSync`
 * and `LWLock:WALWrite` are commits flushing WAL.
 */
import pg from 'pg';

export type WaitShares = Record<string, number>;

export async function sampleWaits(adminUrl: string, everyMs = 20): Promise<{ stop(): Promise<WaitShares> }> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const { rows } = await client.query<{ w: string }>(
        `SELECT coalesce(wait_event_type || ':' || wait_event, 'none') AS w
           FROM pg_stat_activity
          WHERE datname = current_database() AND backend_type = 'client backend'
            AND pid <> pg_backend_pid() AND state = 'active'`,
      );
      for (const { w } of rows) counts.set(w, (counts.get(w) ?? 0) + 1);
      samples += rows.length;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      await client.end();
      return Object.fromEntries(
        [...counts.entries()]
          .sort((a, b) => b[1] - a[1])
          .map(([w, n]) => [w, Math.round((1000 * n) / Math.max(samples, 1)) / 10]),
      );
    },
  };
}

/** `{ 'Lock:transactionid': 79, none: 18 }` → "Lock:transactionid 79 %, none 18 %". */
export const formatWaits = (shares: WaitShares): string =>
  Object.entries(shares)
    .map(([w, p]) => `${w} ${p} %`)
    .join(', ');
