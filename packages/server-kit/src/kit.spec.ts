/**
 * The shared infrastructure against a real PostgreSQL: audit log immutability and hash chain,
 * event log append + consumer cursors, and the fail-closed tenancy transaction.
 */
import pg from 'pg';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appendAudit, verifyAuditChain } from './audit.ts';
import { inTenant } from './db.ts';
import { consumeBatch, insertEvents } from './events.ts';
import { createTestDatabase, type TestDatabase } from './testing/index.ts';

const A = '0190a000-0000-7000-8000-0000000000a1';
const B = '0190a000-0000-7000-8000-0000000000b2';

let db: TestDatabase;
let sales: DataSource;
let inventory: DataSource;
/** A producer-only role: catalog appends events but consumes none. */
let catalog: DataSource;

beforeAll(async () => {
  db = await createTestDatabase([]);
  sales = await db.dataSource('sales');
  inventory = await db.dataSource('inventory');
  catalog = await db.dataSource('catalog');
});
afterAll(async () => db?.drop());

const audit = (tenantId: string, action: string) => ({
  tenantId,
  actor: 'staff-1',
  action,
  entityType: 'product',
  entityId: 'p1',
  data: { price: { from: 100n, to: 200n }, note: 'line1\r\nline2 \u001b[31m' },
  source: 'test',
});

describe('audit log', () => {
  it('chains entries per tenant and verifies', async () => {
    await inTenant(sales, A, (m) => appendAudit(m, audit(A, 'price.changed')));
    await inTenant(sales, A, (m) => appendAudit(m, audit(A, 'price.changed')));
    await inTenant(sales, B, (m) => appendAudit(m, audit(B, 'price.changed')));
    const verdict = await inTenant(sales, A, (m) => verifyAuditChain(m, A));
    expect(verdict).toMatchObject({ ok: true, entries: 2, brokenAtSeq: null });
  });

  it('rejects UPDATE, DELETE and TRUNCATE from the runtime role', async () => {
    await expect(inTenant(sales, A, (m) => m.query("UPDATE audit.entry SET action = 'x'"))).rejects.toThrow(
      /permission denied/,
    );
    await expect(inTenant(sales, A, (m) => m.query('DELETE FROM audit.entry'))).rejects.toThrow(
      /permission denied/,
    );
    await expect(inTenant(sales, A, (m) => m.query('TRUNCATE audit.entry'))).rejects.toThrow(
      /permission denied/,
    );
  });

  it('rejects UPDATE and DELETE even from a superuser, through the trigger', async () => {
    await expect(db.admin("UPDATE audit.entry SET action = 'x'")).rejects.toThrow(/append-only/);
    await expect(db.admin('DELETE FROM audit.entry')).rejects.toThrow(/append-only/);
    await expect(db.admin('TRUNCATE audit.entry')).rejects.toThrow(/append-only/);
  });

  it('detects a tampered row that bypassed the triggers', async () => {
    const client = new pg.Client({ connectionString: db.adminUrl });
    await client.connect();
    await client.query('SET session_replication_role = replica');
    await client.query(`UPDATE audit.entry SET data = '{"price":"0"}' WHERE tenant_id = $1 AND seq = 2`, [A]);
    await client.end();
    const verdict = await inTenant(sales, A, (m) => verifyAuditChain(m, A));
    expect(verdict.ok).toBe(false);
    expect(verdict.brokenAtSeq).toBe(2n);
    const other = await inTenant(sales, B, (m) => verifyAuditChain(m, B));
    expect(other.ok).toBe(true);
  });

  it('keeps one linear chain under concurrent writers', async () => {
    const tenant = '0190a000-0000-7000-8000-0000000000c3';
    await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        inTenant(sales, tenant, (m) => appendAudit(m, audit(tenant, `a${i}`))),
      ),
    );
    const verdict = await inTenant(sales, tenant, (m) => verifyAuditChain(m, tenant));
    expect(verdict).toMatchObject({ ok: true, entries: 30 });
  });

  it('writes nothing when the business transaction rolls back', async () => {
    const tenant = '0190a000-0000-7000-8000-0000000000d4';
    await expect(
      inTenant(sales, tenant, async (m) => {
        await appendAudit(m, audit(tenant, 'doomed'));
        throw new Error('business failure');
      }),
    ).rejects.toThrow('business failure');
    const rows = await db.admin<{ n: string }>('SELECT count(*) AS n FROM audit.entry WHERE tenant_id = $1', [
      tenant,
    ]);
    expect(rows[0]!.n).toBe('0');
  });
});

describe('tenancy transaction', () => {
  it('refuses to run without a tenant', async () => {
    await expect(inTenant(sales, null, async () => 1)).rejects.toThrow(/tenant/);
  });

  it('sees no tenant rows outside a tenant transaction', async () => {
    const rows: { n: string }[] = await sales.query('SELECT count(*) AS n FROM audit.entry');
    expect(rows[0]!.n).toBe('0');
  });

  it('cannot insert a row for another tenant', async () => {
    await expect(
      inTenant(sales, A, (m) =>
        insertEvents(m, [
          { tenantId: B, type: 'x', version: 1, aggregateId: '1', payload: {}, source: 'test' },
        ]),
      ),
    ).rejects.toThrow(/row-level security/);
  });

  it('does not leak the tenant to the next user of a pooled connection', async () => {
    const single = await db.dataSource('sales');
    await single.destroy();
    const ds = await db.dataSource('sales');
    await expect(
      inTenant(ds, A, async () => Promise.reject(new Error('mid-request failure'))),
    ).rejects.toThrow();
    const rows: { t: string | null }[] = await ds.query("SELECT current_setting('app.tenant_id', true) AS t");
    expect(rows[0]!.t ?? '').toBe('');
  });

  it('starts the tenant transaction in one round trip, and the tenant ends with it', async () => {
    const ds = await db.dataSource('sales');
    const sent: string[] = [];
    const pool = (ds.driver as unknown as { master: pg.Pool }).master;
    const wrapped = new WeakSet<object>();
    pool.on('acquire', (client) => {
      if (wrapped.has(client)) return;
      wrapped.add(client);
      const query = client.query.bind(client) as (...args: unknown[]) => unknown;
      (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
        const text = args[0];
        sent.push(typeof text === 'string' ? text : String((text as { text?: string })?.text));
        return query(...args);
      };
    });
    const seen = await inTenant(ds, A, (m) => m.query("SELECT current_setting('app.tenant_id') AS t"));
    expect(seen[0].t).toBe(A);
    // BEGIN with the set_config, the statement, COMMIT: three messages, not four.
    expect(sent.filter((q) => !q.startsWith('SELECT version()') && !q.includes('pg_catalog'))).toHaveLength(
      3,
    );
    expect(sent[sent.length - 3]).toMatch(/^START TRANSACTION; SELECT set_config/);
    const after: { t: string | null }[] = await ds.query(
      "SELECT current_setting('app.tenant_id', true) AS t",
    );
    expect(after[0]!.t ?? '').toBe('');
    // A failing statement rolls the whole transaction back; the connection is clean for the next.
    await expect(inTenant(ds, A, (m) => m.query('SELECT 1/0'))).rejects.toThrow(/division/);
    await expect(
      inTenant(ds, B, (m) => m.query("SELECT current_setting('app.tenant_id') AS t")),
    ).resolves.toEqual([{ t: B }]);
    // Not a UUID: never written into SQL, bound as a parameter instead.
    const odd = "x', true); SELECT set_config('app.tenant_id', 'y";
    await expect(
      inTenant(ds, odd, (m) => m.query("SELECT current_setting('app.tenant_id') AS t")),
    ).resolves.toEqual([{ t: odd }]);
    await ds.destroy();
  });
});

describe('event log', () => {
  it('delivers each event once to a consumer, across tenants, and advances its cursor with the effects', async () => {
    const t1 = '0190a000-0000-7000-8000-0000000000e5';
    const t2 = '0190a000-0000-7000-8000-0000000000f6';
    await inTenant(sales, t1, (m) =>
      insertEvents(m, [
        {
          tenantId: t1,
          type: 'sale.created',
          version: 1,
          aggregateId: 's1',
          payload: { total: 5n },
          source: 'sales',
        },
      ]),
    );
    await inTenant(sales, t2, (m) =>
      insertEvents(m, [
        { tenantId: t2, type: 'sale.created', version: 1, aggregateId: 's2', payload: {}, source: 'sales' },
      ]),
    );
    const seen: string[] = [];
    const consume = () =>
      inventory.transaction((m) =>
        consumeBatch(m, { consumer: 'jowi_inventory:test', types: ['sale.created'] }, async (_tx, event) => {
          seen.push(`${event.tenantId}/${event.aggregateId}`);
        }),
      );
    // Delivery waits while any older transaction on the server (other suites share it) is open,
    // so poll until both arrive; what matters is order and exactly-once.
    const deadline = Date.now() + 15_000;
    while (seen.length < 2 && Date.now() < deadline) {
      if ((await consume()) === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(seen).toEqual([`${t1}/s1`, `${t2}/s2`]);
    expect(await consume()).toBe(0);
    expect(seen).toHaveLength(2);
  });

  it('only lets a role touch its own cursors', async () => {
    await expect(
      inventory.query("INSERT INTO events.consumer_cursor (consumer) VALUES ('jowi_sales:steal')"),
    ).rejects.toThrow(/row-level security/);
  });

  it('never lets a non-consumer role read another tenant’s events', async () => {
    const rows: { n: string }[] = await catalog.query('SELECT count(*) AS n FROM events.event');
    expect(rows[0]!.n).toBe('0');
  });

  it('rejects UPDATE and DELETE of events', async () => {
    await expect(db.admin('DELETE FROM events.event')).rejects.toThrow(/append-only/);
  });
});
