/**
 * A plain product page in one round trip (issue 19). The tenant transaction every read runs in
 * costs three messages through TypeORM — BEGIN with the tenant's `set_config`, the statement,
 * COMMIT — and each one is a socket write and a wake-up on both sides. A page whose statement is
 * prepared on the connection instead goes as ONE simple-protocol message:
 *
 *   SELECT set_config('app.tenant_id', '<tenant>', true); EXECUTE <name>('<tenant>', …)
 *
 * PostgreSQL runs the statements of one simple-protocol message as one implicit transaction, so
 * the tenant setting is transaction-local exactly as in `inTenant` (row-level security sees the
 * tenant; the pooled connection carries nothing afterwards) and the rows come back in the same
 * text format as the extended protocol's. Values are written as literals: a UUID only after it
 * matched the pattern, text through pg's `escapeLiteral` (standard strings, so quotes and
 * backslashes are data), booleans and integer strings as themselves; a value of any other kind,
 * or text holding U+0000 (it would end the protocol message), is refused and the caller takes the
 * ordinary path. Each connection prepares a statement (`PREPARE … AS`, one extra trip) the first
 * time it runs it; a connection on which a message failed is closed, never returned to the pool,
 * so what it had prepared can never be assumed wrongly.
 */
import { isUuid } from '@jowi/server-kit';
import type pg from 'pg';
import { type DataSource, QueryFailedError } from 'typeorm';

/** Statement names prepared (by SQL `PREPARE`) on each pooled connection. */
const preparedOn = new WeakMap<pg.PoolClient, Set<string>>();

/** A parameter as an SQL literal, or null when it cannot be written as one safely. */
function literal(value: unknown, quote: (text: string) => string): string | null {
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value !== 'string' || value.includes('\u0000')) return null;
  if (isUuid(value)) return `'${value}'`;
  return quote(value);
}

/** The typeorm data source's pg pool. */
function poolOf(db: DataSource): pg.Pool {
  return (db.driver as unknown as { master: pg.Pool }).master;
}

/**
 * Runs the prepared page `name` (`text`, its parameters `params`, `$1` the tenant) for `tenantId`
 * in one message. Null when a parameter cannot be a literal: run it the ordinary way then.
 */
export async function pageInOneTrip(
  db: DataSource,
  tenantId: string,
  name: string,
  text: string,
  params: readonly unknown[],
): Promise<Record<string, unknown>[] | null> {
  if (!isUuid(tenantId) || params[0] !== tenantId) return null;
  const client = await poolOf(db).connect();
  let failed: Error | undefined;
  // While checked out the pool listens no more: a connection lost between messages is noted here.
  const onError = (error: Error) => {
    failed ??= error;
  };
  client.on('error', onError);
  try {
    const args: string[] = [];
    for (const value of params) {
      const sql = literal(value, (t) => client.escapeLiteral(t));
      if (sql === null) return null;
      args.push(sql);
    }
    const prepared = preparedOn.get(client) ?? new Set<string>();
    preparedOn.set(client, prepared);
    if (!prepared.has(name)) {
      await client.query(`PREPARE ${name} AS ${text}`);
      prepared.add(name);
    }
    const results = (await client.query(
      `SELECT set_config('app.tenant_id', '${tenantId}', true); EXECUTE ${name}(${args.join(', ')})`,
    )) as unknown as pg.QueryResult[];
    return results[1]!.rows;
  } catch (error) {
    failed = error as Error;
    throw new QueryFailedError(text, [...params], failed);
  } finally {
    client.off('error', onError);
    client.release(failed ?? false);
  }
}
