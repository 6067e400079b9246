/**
 * Report downloads at scale (issue 18): a year of generated sales exported through the gateway's
 * `GET /reports/<name>.csv|.xlsx` (bearer token, the same path a browser download takes behind the
 * admin's server), timed to the last byte, with the resident memory of the services' process
 * sampled every 20 ms while it streams. The figure that matters is `rss_peak_delta_mib`: how much
 * the export added on top of the idle process — flat whatever the number of rows, because rows go
 * from a database cursor to the socket in batches. `npm run bench -- reports --sales 1000000`.
 */
import { readFileSync } from 'node:fs';
import { DEMO_PASSWORD } from '@jowi/demo-data';
import type { StackKeys } from '@jowi/system';
import pg from 'pg';
import { DEMO } from '../lib/data.ts';
import { login } from '../lib/graphql.ts';
import { startServer } from '../lib/procs.ts';
import { round } from '../lib/stats.ts';

export interface ReportExportFigure {
  file: string;
  ms: number;
  bytes: number;
  /** Data lines of a CSV (header and totals row excluded); null for XLSX. */
  rows: number | null;
  rss_before_mib: number;
  rss_peak_mib: number;
  rss_peak_delta_mib: number;
}

export interface ReportsReport {
  sales: number;
  lines: number;
  from: string;
  to: string;
  exports: ReportExportFigure[];
  load_average: [number, number];
}

const rssMib = (pid: number): number => {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kb / 1024;
};

async function exportOnce(url: string, auth: string, pid: number): Promise<Omit<ReportExportFigure, 'file'>> {
  const before = rssMib(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rssMib(pid));
  }, 20);
  const started = performance.now();
  try {
    const res = await fetch(url, { headers: { authorization: auth } });
    if (!res.ok) throw new Error(`${url}: HTTP ${res.status} ${await res.text()}`);
    let bytes = 0;
    let newlines = 0;
    for await (const chunk of res.body!) {
      const buf = chunk as Uint8Array;
      bytes += buf.length;
      for (let i = 0; i < buf.length; i++) if (buf[i] === 10) newlines++;
    }
    const ms = performance.now() - started;
    peak = Math.max(peak, rssMib(pid));
    return {
      ms: round(ms, 0),
      bytes,
      rows: url.includes('.csv') ? newlines - 2 : null,
      rss_before_mib: round(before, 1),
      rss_peak_mib: round(peak, 1),
      rss_peak_delta_mib: round(peak - before, 1),
    };
  } finally {
    clearInterval(sampler);
  }
}

export async function reportsSection(
  db: { adminUrl: string; rolePassword?: string; keys: StackKeys },
  say: (m: string) => void,
): Promise<ReportsReport> {
  const admin = new pg.Client({ connectionString: db.adminUrl });
  await admin.connect();
  const [span] = (
    await admin.query(
      `SELECT min(business_date)::text AS "from", max(business_date)::text AS "to", count(*)::int AS sales,
              (SELECT count(*)::int FROM sales.sale_line WHERE tenant_id = $1) AS lines
         FROM sales.sale WHERE tenant_id = $1`,
      [DEMO.id],
    )
  ).rows as { from: string; to: string; sales: number; lines: number }[];
  await admin.end();
  if (!span?.from) throw new Error('no sales to export: run with --sales N');
  // A report covers at most 366 days after `from`.
  const to = new Date(Math.min(Date.parse(span.to), Date.parse(span.from) + 366 * 86_400_000))
    .toISOString()
    .slice(0, 10);
  say(
    `reports: exporting ${span.sales.toLocaleString('en')} sales (${span.lines.toLocaleString('en')} lines), ${span.from} … ${to}`,
  );
  const load0 = (await import('node:os')).loadavg()[0]!;
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys: db.keys, poolSize: 10 },
    { cpus: null },
  );
  const exports: ReportExportFigure[] = [];
  try {
    const gateway = await startServer<{ url: string }>(
      'servers/gateway-ours.ts',
      { keys: db.keys, urls: subgraphs.info.urls },
      { cpus: null },
    );
    try {
      const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
      const { headers } = await login(gateway.info.url, owner.email!, DEMO_PASSWORD);
      const base = gateway.info.url.replace(/\/graphql$/, '/reports/');
      for (const file of ['by-day.csv', 'by-product.csv', 'by-product.xlsx', 'by-cashier.csv', 'vat.xlsx']) {
        const figure = await exportOnce(
          `${base}${file}?from=${span.from}&to=${to}`,
          headers.authorization!,
          subgraphs.pid,
        );
        exports.push({ file, ...figure });
        say(
          `reports: ${file} ${figure.ms} ms, ${round(figure.bytes / 1024, 0)} KiB` +
            `${figure.rows === null ? '' : `, ${figure.rows} rows`}; services RSS ${figure.rss_before_mib} → ` +
            `${figure.rss_peak_mib} MiB (+${figure.rss_peak_delta_mib})`,
        );
      }
    } finally {
      await gateway.stop();
    }
  } finally {
    await subgraphs.stop();
  }
  const load1 = (await import('node:os')).loadavg()[0]!;
  return {
    sales: span.sales,
    lines: span.lines,
    from: span.from,
    to,
    exports,
    load_average: [round(load0, 2), round(load1, 2)],
  };
}
