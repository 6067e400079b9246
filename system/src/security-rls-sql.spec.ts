/**
 * The cross-tenant matrix in SQL (issue 3, issue 13 §6): as each subgraph's runtime role with
 * `app.tenant_id` = demo, tenant demo2's rows can be neither read, updated, deleted nor inserted,
 * in every table with a `tenant_id` — discovered from PostgreSQL's catalog, and each seeded with
 * rows of both tenants (rls-fixtures.ts), so a new table nobody seeds fails here rather than
 * passing vacuously. The shared append-only logs are probed as every role.
 */
import { runtimeRole, SUBGRAPHS, type SubgraphName } from '@jowi/server-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, B, createRlsFixture, GLOBAL_BY_DESIGN, type RlsFixture, SHARED } from './rls-fixtures.ts';

let fixture: RlsFixture;
beforeAll(async () => {
  fixture = await createRlsFixture({ everyTable: true });
}, 240_000);
afterAll(async () => fixture?.close());

interface Outcome {
  table: string;
  role: string;
  aRows: number;
  bRows: number;
  update: 'zero rows' | 'denied';
  delete: 'zero rows' | 'denied';
  insert: 'rls violation' | 'skipped (no row of A to copy)';
}

const quote = (name: string) => `"${name.replaceAll('"', '""')}"`;

/** Every table of a subgraph schema with a `tenant_id`, from the catalog, minus the global directories. */
async function tenantTables(): Promise<string[]> {
  const rows = await fixture.stack.db.admin<{ table: string }>(
    `SELECT n.nspname || '.' || c.relname AS table
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
      WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY($1)
      ORDER BY 1`,
    [[...SUBGRAPHS]],
  );
  return rows.map((r) => r.table).filter((t) => !GLOBAL_BY_DESIGN.has(t));
}

/** Rows of tenant A and of tenant B in `table`, counted as the admin. */
async function rowCounts(table: string): Promise<{ a: number; b: number; all: number }> {
  const [counts] = await fixture.stack.db.admin<{ a: string; b: string; all: string }>(
    `SELECT count(*) FILTER (WHERE tenant_id = $1) AS a, count(*) FILTER (WHERE tenant_id = $2) AS b,
            count(*) AS all FROM ${table}`,
    [A, B],
  );
  return { a: Number(counts!.a), b: Number(counts!.b), all: Number(counts!.all) };
}

describe('SQL: each runtime role with app.tenant_id = demo', () => {
  const clients = new Map<string, pg.Client>();
  const client = async (role: SubgraphName): Promise<pg.Client> => {
    let c = clients.get(role);
    if (!c) {
      c = new pg.Client({ connectionString: fixture.stack.db.roleUrl(role) });
      await c.connect();
      clients.set(role, c);
    }
    return c;
  };
  afterAll(async () => {
    for (const c of clients.values()) await c.end();
  });

  /** Runs `work` in a transaction as tenant A and always rolls back, so no probe changes anything. */
  async function asTenantA<T>(role: SubgraphName, work: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = await client(role);
    await c.query('BEGIN');
    try {
      await c.query("SELECT set_config('app.tenant_id', $1, true)", [A]);
      return await work(c);
    } finally {
      await c.query('ROLLBACK');
    }
  }
  /** A DML statement either touches zero rows or is refused outright (no privilege / append-only trigger). */
  async function zeroOrDenied(role: SubgraphName, sql: string, params: unknown[], label: string) {
    try {
      const result = await asTenantA(role, (c) => c.query(sql, params));
      expect(result.rowCount, label).toBe(0);
      return 'zero rows' as const;
    } catch (error) {
      expect((error as { code?: string }).code, `${label}: ${String(error)}`).toBe('42501');
      expect(String(error), label).not.toMatch(/row-level security/);
      return 'denied' as const;
    }
  }

  /**
   * Event consumers (server-kit's EVENT_CONSUMER_ROLE, e.g. inventory following sales) read every
   * tenant's events by design; their writes stay tenant-checked.
   */
  async function readsAllEvents(role: SubgraphName): Promise<boolean> {
    const [row] = await fixture.stack.db.admin<{ member: boolean }>(
      "SELECT pg_has_role($1, 'jowi_event_consumer', 'MEMBER') AS member",
      [runtimeRole(role)],
    );
    return row!.member;
  }

  /** Insert: one of A's rows (read as admin), copied with tenant_id = B, must violate the policy. */
  async function probeInsert(table: string, role: SubgraphName, label: string): Promise<Outcome['insert']> {
    const [schema, name] = table.split('.') as [string, string];
    const sample = await fixture.stack.db.admin<{ row: Record<string, unknown> }>(
      `SELECT row_to_json(t) AS row FROM ${table} t WHERE tenant_id = $1 LIMIT 1`,
      [A],
    );
    if (!sample[0]) return 'skipped (no row of A to copy)';
    const columns = (
      await fixture.stack.db.admin<{ column_name: string }>(
        `SELECT column_name FROM information_schema.columns
          WHERE table_schema = $1 AND table_name = $2 AND is_generated = 'NEVER'
            AND (is_identity = 'NO' OR identity_generation = 'BY DEFAULT')
          ORDER BY ordinal_position`,
        [schema, name],
      )
    )
      .map((c) => quote(c.column_name))
      .join(', ');
    const row = JSON.stringify({ ...sample[0].row, tenant_id: B });
    await expect(
      asTenantA(role, (c) =>
        c.query(
          `INSERT INTO ${table} (${columns}) SELECT ${columns} FROM json_populate_record(NULL::${table}, $1::json)`,
          [row],
        ),
      ),
      `${label} INSERT`,
    ).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/row-level security/) });
    return 'rls violation';
  }

  async function probe(table: string, role: SubgraphName): Promise<Outcome> {
    const counts = await rowCounts(table);
    const label = `${role} on ${table}`;

    // Read: B's rows are invisible, A's are all there (the connection is not simply blind).
    const seen = await asTenantA(role, async (c) => {
      const b = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table} WHERE tenant_id = $1`, [B]);
      const all = await c.query<{ n: string }>(`SELECT count(*) AS n FROM ${table}`);
      return { b: Number(b.rows[0]!.n), all: Number(all.rows[0]!.n) };
    });
    if (table === 'events.event' && (await readsAllEvents(role))) {
      expect(seen, `${label} (event consumer)`).toEqual({ b: counts.b, all: counts.all });
    } else {
      expect(seen, label).toEqual({ b: 0, all: counts.a });
    }

    const update = await zeroOrDenied(
      role,
      `UPDATE ${table} SET tenant_id = tenant_id WHERE tenant_id = $1`,
      [B],
      `${label} UPDATE`,
    );
    const del = await zeroOrDenied(role, `DELETE FROM ${table} WHERE tenant_id = $1`, [B], `${label} DELETE`);
    const insert = await probeInsert(table, role, label);
    return { table, role, aRows: counts.a, bRows: counts.b, update, delete: del, insert };
  }

  it('has rows of both tenants in every tenant table (a new table must be seeded in rls-fixtures.ts)', async () => {
    const tables = await tenantTables();
    expect(tables.length).toBeGreaterThanOrEqual(50);
    const uncovered: string[] = [];
    for (const table of tables) {
      const { a, b } = await rowCounts(table);
      if (a === 0 || b === 0) uncovered.push(`${table} (demo ${a}, demo2 ${b})`);
    }
    expect(uncovered).toEqual([]);
  });

  it('cannot read, update, delete or insert tenant demo2 rows in any tenant table', async () => {
    const tables = await tenantTables();
    const outcomes: Outcome[] = [];
    for (const table of tables) outcomes.push(await probe(table, table.split('.')[0] as SubgraphName));
    // The shared append-only logs, as every runtime role.
    for (const table of SHARED) for (const role of SUBGRAPHS) outcomes.push(await probe(table, role));

    const subgraphTables = outcomes.filter((o) => !SHARED.includes(o.table));
    console.info(
      `RLS matrix: ${subgraphTables.length} tenant tables + ${SHARED.length} shared logs × ${SUBGRAPHS.length} roles; ` +
        `UPDATE/DELETE refused outright on ${outcomes.filter((o) => o.update === 'denied').length}/${
          outcomes.filter((o) => o.delete === 'denied').length
        } probes, zero rows on the rest`,
    );
    // Every table was really exercised: rows on both sides, and an INSERT into B refused by the policy.
    expect(subgraphTables.filter((o) => !(o.aRows > 0 && o.bRows > 0)).map((o) => o.table)).toEqual([]);
    expect(subgraphTables.filter((o) => o.insert !== 'rls violation').map((o) => o.table)).toEqual([]);
  });

  it('cannot move one of its own rows into tenant demo2 (UPDATE … SET tenant_id)', async () => {
    for (const [table, role] of [
      ['catalog.product', 'catalog'],
      ['sales.sale', 'sales'],
      ['customers.customer', 'customers'],
      ['identity.staff', 'identity'],
    ] as const) {
      await expect(
        asTenantA(role, (c) => c.query(`UPDATE ${table} SET tenant_id = $1 WHERE tenant_id = $2`, [B, A])),
        table,
      ).rejects.toMatchObject({ code: '42501', message: expect.stringMatching(/row-level security/) });
    }
  });

  it('has no other tables with a tenant_id outside RLS than the documented directories', async () => {
    const unprotected = await fixture.stack.db.admin<{ table: string }>(
      `SELECT n.nspname || '.' || c.relname AS table
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
         JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped
        WHERE c.relkind IN ('r', 'p') AND NOT (c.relrowsecurity AND c.relforcerowsecurity)
          AND n.nspname = ANY($1)
        ORDER BY 1`,
      [[...SUBGRAPHS, 'events', 'audit']],
    );
    for (const { table } of unprotected) expect(GLOBAL_BY_DESIGN.has(table), table).toBe(true);
  });
});
