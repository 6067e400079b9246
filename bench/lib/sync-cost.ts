/**
 * What a run of `syncSales` batches costs per 1 000 sales (bench/sync-probe.ts): WAL bytes
 * (`pg_current_wal_lsn` before/after — server-wide, so meaningful on a private server), the CPU of
 * the database's backends (`/proc/<pid>/stat` utime + stime: PostgreSQL on this machine; a backend
 * that ended during the run is not counted), this process's CPU (`process.cpuUsage`) and, with
 * `PROBE_STATEMENTS=1` on a server that loads `pg_stat_statements`, the top statements by time.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';

const TICK_MS = 10; // USER_HZ = 100 on Linux

function backendTicks(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  } catch {
    return 0;
  }
}

export async function costProbe(adminUrl: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  const db = new URL(adminUrl).pathname.slice(1);
  const pids = async (): Promise<number[]> =>
    (
      await client.query('SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [
        db,
      ])
    ).rows.map((r) => r.pid);
  const statements = process.env.PROBE_STATEMENTS === '1';
  if (statements) {
    await client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements').catch(() => undefined);
    await client.query('SELECT pg_stat_statements_reset()').catch(() => undefined);
  }
  const lsn0: string = (await client.query('SELECT pg_current_wal_lsn() AS l')).rows[0].l;
  const before = new Map((await pids()).map((pid) => [pid, backendTicks(pid)]));
  const node0 = process.cpuUsage();
  return {
    async stop(sales: number): Promise<string> {
      const node = process.cpuUsage(node0);
      let ticks = 0;
      for (const pid of await pids()) ticks += backendTicks(pid) - (before.get(pid) ?? 0);
      const wal: number = (
        await client.query('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1)::float8 AS d', [lsn0])
      ).rows[0].d;
      const per = 1000 / Math.max(1, sales);
      let top = '';
      if (statements) {
        const rows = await client
          .query(
            `SELECT left(regexp_replace(query, '\\s+', ' ', 'g'), 60) AS q, calls, total_exec_time AS ms,
                    wal_bytes::float8 AS wal
               FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 8`,
          )
          .then((r) => r.rows)
          .catch(() => []);
        top = rows
          .map(
            (r) =>
              `\n    ${((r.ms as number) * per).toFixed(0)} ms, ${(((r.wal as number) * per) / 1024).toFixed(0)} KiB WAL /1k sales, ${r.calls} calls: ${r.q}`,
          )
          .join('');
      }
      await client.end();
      return (
        `${sales} sales; per 1 000 sales: WAL ${((wal * per) / 1024 / 1024).toFixed(2)} MiB, ` +
        `PG backends CPU ${(ticks * TICK_MS * per).toFixed(0)} ms, ` +
        `probe Node CPU ${(((node.user + node.system) / 1000) * per).toFixed(0)} ms${top}`
      );
    },
  };
}
