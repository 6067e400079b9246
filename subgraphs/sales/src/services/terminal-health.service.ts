/**
 * Terminal sync health: each POS reports its outbox depth, parked count and app version with
 * every `syncSales` (`health`) and with a light heartbeat (`reportTerminalHealth`); the back
 * office reads the latest report per terminal with `terminalHealth`. One row per terminal,
 * overwritten — a repeated report (a retry) leaves the same row, so retries never double anything.
 */
import {
  badUserInput,
  type EntityManager,
  isUuid,
  type RequestContext,
  requirePermission,
} from '@jowi/server-kit';
import { z } from 'zod';
import type { ReportTerminalHealthInput, TerminalHealthReport } from '../__generated__/resolvers-types.ts';
import { type SalesUserError, userError } from '../errors/index.ts';
import { resolveTerminal, type TerminalScope } from './directory.ts';
import { terminalRefusal, unknownTerminal } from './documents.ts';
import { REPORTS_PERMISSION } from './summary.service.ts';

const SYNC_PERMISSION = 'sales:sync';
/** A terminal not heard of for this long is shown as stale. */
export const STALE_AFTER_MS = 10 * 60_000;
const MAX_COUNT = 1_000_000;
const MAX_STORES = 100;

/** `TerminalHealth` as stored. */
export interface TerminalHealthRow {
  terminalId: string;
  storeId: string;
  lastSeenAt: Date;
  lastSyncAt: Date | null;
  outboxDepth: number;
  parkedCount: number;
  appVersion: string;
  stale: boolean;
}

const reportSchema = z.object({
  outboxDepth: z.number().int().min(0).max(MAX_COUNT),
  parkedCount: z.number().int().min(0).max(MAX_COUNT),
  // Printable characters only: it is shown as text in the back office.
  appVersion: z
    .string()
    .trim()
    .min(1)
    .max(50)
    .regex(/^[\p{L}\p{N}\p{P}\p{S} ]+$/u),
});

/** The report, or the `INVALID_HEALTH` user error naming its first bad field. */
export function checkHealthReport(
  report: TerminalHealthReport,
  path: string[],
): { ok: true; report: z.infer<typeof reportSchema> } | { ok: false; error: SalesUserError } {
  const parsed = reportSchema.safeParse(report);
  if (parsed.success) return { ok: true, report: parsed.data };
  const issue = parsed.error.issues[0]!;
  const field = String(issue.path[0] ?? '');
  return {
    ok: false,
    error: userError('INVALID_HEALTH', `${field}: ${issue.message}`, [...path, field]),
  };
}

const ROW_COLUMNS = `terminal_id::text AS "terminalId", store_id::text AS "storeId", last_seen_at AS "lastSeenAt",
  last_sync_at AS "lastSyncAt", outbox_depth AS "outboxDepth", parked_count AS "parkedCount",
  app_version AS "appVersion"`;

function withStale(row: Omit<TerminalHealthRow, 'stale'>, now = Date.now()): TerminalHealthRow {
  return { ...row, stale: now - new Date(row.lastSeenAt).getTime() > STALE_AFTER_MS };
}

/**
 * Records a terminal's report (inside the caller's tenant transaction). `synced` also moves
 * `last_sync_at`: the report came with a `syncSales` batch.
 */
export async function recordHealth(
  m: EntityManager,
  tenantId: string,
  scope: TerminalScope,
  report: z.infer<typeof reportSchema>,
  synced: boolean,
): Promise<TerminalHealthRow> {
  const rows: Omit<TerminalHealthRow, 'stale'>[] = await m.query(
    `INSERT INTO sales.terminal_health AS h
       (tenant_id, terminal_id, store_id, outbox_depth, parked_count, app_version, last_seen_at, last_sync_at)
     VALUES ($1, $2, $3, $4, $5, $6, now(), CASE WHEN $7 THEN now() END)
     ON CONFLICT (tenant_id, terminal_id) DO UPDATE SET
       store_id = EXCLUDED.store_id, outbox_depth = EXCLUDED.outbox_depth,
       parked_count = EXCLUDED.parked_count, app_version = EXCLUDED.app_version,
       last_seen_at = EXCLUDED.last_seen_at,
       last_sync_at = coalesce(EXCLUDED.last_sync_at, h.last_sync_at)
     RETURNING ${ROW_COLUMNS}`,
    [
      tenantId,
      scope.terminalId,
      scope.storeId,
      report.outboxDepth,
      report.parkedCount,
      report.appVersion,
      synced,
    ],
  );
  return withStale(rows[0]!);
}

/** `Mutation.reportTerminalHealth` (needs `sales:sync`): the POS heartbeat. */
export async function reportTerminalHealth(
  ctx: RequestContext,
  input: ReportTerminalHealthInput,
): Promise<{ terminalHealth: TerminalHealthRow | null; errors: SalesUserError[] }> {
  const tenantId = requirePermission(ctx, SYNC_PERMISSION);
  const failed = (error: SalesUserError) => ({ terminalHealth: null, errors: [error] });
  const refusal = terminalRefusal(ctx, input.terminalId, ['input', 'terminalId']);
  if (refusal) return failed(refusal);
  const checked = checkHealthReport(input.health, ['input', 'health']);
  if (!checked.ok) return failed(checked.error);
  const row = await ctx.tx(async (m) => {
    const scope = await resolveTerminal(m, input.terminalId);
    return scope ? recordHealth(m, tenantId, scope, checked.report, false) : null;
  });
  return row ? { terminalHealth: row, errors: [] } : failed(unknownTerminal(['input', 'terminalId']));
}

/** `Query.terminalHealth` (needs `reports:read`): the latest report per terminal, most recently seen first. */
export async function terminalHealth(
  ctx: RequestContext,
  storeIds: readonly string[] | null | undefined,
): Promise<TerminalHealthRow[]> {
  requirePermission(ctx, REPORTS_PERMISSION);
  if (storeIds && (storeIds.length > MAX_STORES || !storeIds.every(isUuid))) {
    throw badUserInput(`storeIds: at most ${MAX_STORES} UUIDs`, 'storeIds');
  }
  const rows: Omit<TerminalHealthRow, 'stale'>[] = await ctx.tx((m) =>
    storeIds
      ? m.query(
          `SELECT ${ROW_COLUMNS} FROM sales.terminal_health WHERE store_id = ANY($1::uuid[])
            ORDER BY last_seen_at DESC, terminal_id`,
          [storeIds.map((id) => id.toLowerCase())],
        )
      : m.query(`SELECT ${ROW_COLUMNS} FROM sales.terminal_health ORDER BY last_seen_at DESC, terminal_id`),
  );
  const now = Date.now();
  return rows.map((row) => withStale(row, now));
}
