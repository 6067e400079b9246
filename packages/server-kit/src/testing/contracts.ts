/**
 * Producers' side of the event contracts, for specs: read what a producer really wrote to the
 * log and check it against its contract — exactly (an undocumented field counts as a mismatch).
 */
import { contractMismatches, currentVersion, type EventType } from '@jowi/events';

/** What {@link checkLoggedEvents} found. */
export interface LoggedEventsCheck {
  /** Events read, per type. */
  counts: Partial<Record<EventType, number>>;
  /** `<type> #<id>: <problem>` for each mismatch (also a version other than the current one). */
  problems: string[];
}

/**
 * Reads every event of `types` in the database (as the admin, all tenants) and checks each
 * payload against its contract's current version.
 */
export async function checkLoggedEvents(
  admin: <T>(sql: string, params?: unknown[]) => Promise<T[]>,
  types: readonly EventType[],
): Promise<LoggedEventsCheck> {
  const rows = await admin<{ id: string; type: EventType; version: number; payload: unknown }>(
    'SELECT id::text, type, version, payload FROM events.event WHERE type = ANY($1) ORDER BY id',
    [types],
  );
  const counts: Partial<Record<EventType, number>> = {};
  const problems: string[] = [];
  for (const row of rows) {
    counts[row.type] = (counts[row.type] ?? 0) + 1;
    if (row.version !== currentVersion(row.type))
      problems.push(`${row.type} #${row.id}: written as v${row.version}`);
    for (const p of contractMismatches(row.type, row.payload)) problems.push(`${row.type} #${row.id}: ${p}`);
  }
  return { counts, problems };
}
