/** The printed report: every scenario in one table, then the headline figures against targets. */
import type { Scenario } from './lib/measure.ts';
import type { CatalogReport } from './sections/catalog.ts';
import type { GatewayReport } from './sections/gateway.ts';
import type { GatewayMixReport } from './sections/gateway-mix.ts';
import type { SyncReport } from './sections/sync.ts';
import { TARGETS } from './summary.ts';

type Row = (string | number | null)[];

function render(rows: Row[]): string {
  const text = rows.map((r) => r.map((c) => (c === null ? '—' : String(c))));
  const widths = text[0]!.map((_, i) => Math.max(...text.map((r) => r[i]!.length)));
  return text
    .map((r) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  '))
    .join('\n');
}

const row = (section: string, s: Scenario): Row => [
  section,
  s.name,
  s.connections,
  `${s.rps} ±${s.rps_spread_pct}%`,
  s.p50_ms,
  s.p95_ms,
  s.p99_ms,
  s.server_cpu,
  s.rps_per_core,
  s.bad,
];

export function printTable(
  report: Record<string, unknown> & { skipped: Record<string, string> },
  gateway: GatewayReport | null,
  sync: SyncReport | null,
  catalog: CatalogReport | null,
  gatewayMix: GatewayMixReport | null = null,
): void {
  const rows: Row[] = [
    [
      'section',
      'scenario',
      'conn',
      'rps (median ±spread)',
      'p50 ms',
      'p95 ms',
      'p99 ms',
      'srv cpu',
      'rps/core',
      'bad',
    ],
  ];
  for (const t of gateway?.targets ?? []) {
    for (const s of t.scenarios) rows.push(row('gateway', s));
    if (t.skipped)
      rows.push([
        'gateway',
        `${t.name}: ${t.skipped.slice(0, 90)}`,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
      ]);
  }
  for (const s of gatewayMix?.scenarios ?? []) rows.push(row('gateway-mix', s));
  for (const [name, reason] of Object.entries(gatewayMix?.skipped ?? {}))
    rows.push([
      'gateway-mix',
      `${name}: ${reason.slice(0, 90)}`,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  for (const s of sync?.gateway ?? []) rows.push(row('sync', s));
  for (const s of sync?.service_layer ?? []) rows.push(row('sync', s));
  for (const s of catalog?.scenarios ?? []) rows.push(row('catalog', s));
  console.log('');
  if (gateway)
    console.log(
      `Pinning: ${gateway.pinning}. "srv cpu" = cores used by the watched server (the gateway; for direct, sync and catalog rows the subgraphs process); rps/core = rps ÷ srv cpu.`,
    );
  if (sync) console.log(`Sync rows: one request = one batch of ${sync.batch}; sales/s = rps × 50.`);
  console.log(render(rows));
  if (catalog?.changes) {
    const pulls = [
      ['compact', catalog.changes],
      ['objects', catalog.changes_objects],
    ] as const;
    for (const [shape, c] of pulls) {
      if (!c) continue;
      console.log(
        `catalogChanges full pull (${shape}): ${c.changes} changes in ${c.pages} pages, ${c.seconds.toFixed(2)} s, ` +
          `${(c.bytes / 2 ** 20).toFixed(2)} MiB plain, ${(c.gzip_bytes / 2 ** 20).toFixed(2)} MiB gzip, ` +
          `${(c.wire_bytes_gzip_requested / 2 ** 20).toFixed(2)} MiB on the wire with accept-encoding: gzip` +
          (catalog.changes_skipped ? ` (${catalog.changes_skipped})` : ''),
      );
    }
  } else if (catalog?.changes_skipped)
    console.log(`catalogChanges: not measured (${catalog.changes_skipped})`);
  const targets: Row[] = [['figure', 'value', 'target', 'met']];
  for (const [section, key, goal, higher] of TARGETS) {
    const value = (report[section] as Record<string, number | null> | undefined)?.[key] ?? null;
    const met = value === null ? null : higher ? value >= goal : value <= goal;
    targets.push([
      `${section}.${key}`,
      value,
      `${higher ? '≥' : '≤'} ${goal}`,
      met === null ? null : met ? 'yes' : 'NO',
    ]);
  }
  console.log('');
  console.log(render(targets));
  for (const [section, reason] of Object.entries(report.skipped))
    console.log(`${section}: did not run — ${reason}`);
}
