/**
 * Group commit of `syncSales` (services/sync-group.ts): batches of one tenant that arrive while
 * that tenant's group is being written go together in the next transaction, each caller answered
 * with its own results; a failure in the group stores every batch on its own; tenants are never
 * grouped. A batch is held in its transaction by an uncommitted admin insert of one of its sale
 * ids (its `ON CONFLICT` waits for that transaction), so what queues behind it is deterministic.
 */
import { newId } from '@jowi/server-kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSale, type SaleJson, TENANT_A, TENANT_B, TERMINAL, TERMINAL_2 } from './sales.fixtures.ts';
import { closeSyncHarness, h, startSyncHarness } from './sales-sync.fixtures.ts';
import { groupWaiting, setSyncGrouping } from './services/sync-group.ts';

// One group of a tenant in flight at a time, so a held group makes every later batch wait.
beforeAll(() => setSyncGrouping(true, 1));
beforeAll(startSyncHarness);
afterAll(closeSyncHarness);

/** Polls `check` (a state, not a time) up to ~10 s; fails the test if it never holds. */
async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`never happened: ${what}`);
}

/**
 * Holds the next syncSales that inserts `heldId` (tenant A) inside its transaction: an admin
 * transaction inserts a copy of a stored sale under that id and stays open until `release`
 * rolls it back (the held batch then inserts the id itself).
 */
async function holdSaleId(heldId: string) {
  const template = makeSale();
  expect((await h.sync([template])).results[0]!.status).toBe('CREATED');
  const client = new pg.Client({ connectionString: h.db.adminUrl });
  await client.connect();
  await client.query('BEGIN');
  await client.query(
    `INSERT INTO sales.sale
     SELECT (jsonb_populate_record(s, jsonb_build_object('id', $2::uuid))).*
       FROM sales.sale s WHERE tenant_id = $1 AND id = $3`,
    [TENANT_A, heldId, template.id],
  );
  return {
    /** The held batch's insert is waiting on the admin transaction. */
    waiting: async () =>
      (
        await h.db.admin<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock'
              AND query LIKE '%INSERT INTO sales.sale%'`,
        )
      )[0]!.n > 0,
    async release() {
      await client.query('ROLLBACK');
      await client.end();
    },
  };
}

const batch = (n = 3): SaleJson[] => Array.from({ length: n }, () => makeSale());

/** Transactions (xmin) that stored the given sales, counted as the admin. */
async function writers(ids: string[]): Promise<number> {
  const [row] = await h.db.admin<{ n: number }>(
    'SELECT count(DISTINCT xmin::text)::int AS n FROM sales.sale WHERE id = ANY($1::uuid[])',
    [ids],
  );
  return row!.n;
}

/** Every id stored once, with its lines, payments and one `sale.created`. */
async function expectStoredOnce(sales: SaleJson[]) {
  for (const sale of sales) {
    expect(await h.counts(sale.id)).toEqual({
      sales: 1,
      lines: sale.lines.length,
      payments: sale.payments.length,
      events: 1,
    });
  }
}

describe('syncSales group commit', () => {
  it('writes the batches that arrive while a group is in flight in one transaction, answering each its own', async () => {
    const first = batch();
    const held = await holdSaleId(first[0]!.id);
    const firstCall = h.sync(first);
    await until('the first batch waits inside its transaction', held.waiting);
    const later = [batch(), batch(2), batch(), batch(4)];
    // The same sale in two batches of the group (same terminal): stored once, the other copy DUPLICATE.
    const repeated = later[0]![1]!;
    later[2]!.push(repeated);
    const calls = later.map((sales, i) => h.sync(sales, { terminalId: i % 2 ? TERMINAL_2 : TERMINAL }));
    await until('four batches wait for the next group', () => groupWaiting() === 4);
    await held.release();

    const answers = await Promise.all([firstCall, ...calls]);
    for (const [i, sales] of [first, ...later].entries()) {
      expect(answers[i]!.errors).toEqual([]);
      expect(answers[i]!.results.map((r) => r.id)).toEqual(sales.map((s) => s.id));
      const others = answers[i]!.results.filter((r) => r.id !== repeated.id);
      expect(others.map((r) => r.status)).toEqual(others.map(() => 'CREATED'));
    }
    // Whichever of the two batches queued first inserted it.
    const copies = [answers[1]!.results[1]!, answers[3]!.results[3]!];
    expect(copies.map((r) => r.status).sort()).toEqual(['CREATED', 'DUPLICATE']);
    expect(answers[2]!.results[1]!.sale!.terminalId).toBe(TERMINAL_2);
    expect(await writers(first.map((s) => s.id))).toBe(1);
    expect(await writers(later.flat().map((s) => s.id))).toBe(1);
    expect(await writers([...first, ...later.flat()].map((s) => s.id))).toBe(2);
    await expectStoredOnce([...first, ...later.flat().filter((s, n, all) => all.indexOf(s) === n)]);
  });

  it("stores each batch on its own when the group fails: one bad sale never fails another terminal's batch", async () => {
    const poison = newId();
    await h.db.admin(`CREATE FUNCTION sales.test_group_poison() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.product_id = '${poison}' THEN RAISE EXCEPTION 'poisoned'; END IF; RETURN NEW; END $$`);
    await h.db.admin(
      'CREATE TRIGGER test_group_poison BEFORE INSERT ON sales.sale_line FOR EACH ROW EXECUTE FUNCTION sales.test_group_poison()',
    );
    const bad = makeSale({ lines: [{ productId: poison, quantity: '1', unitPrice: '94500' }] });
    const first = batch();
    const later = [batch(), [makeSale(), bad, makeSale()], batch()];
    try {
      const held = await holdSaleId(first[0]!.id);
      const firstCall = h.sync(first);
      await until('the first batch waits inside its transaction', held.waiting);
      const calls = later.map((sales, i) => h.sync(sales, { terminalId: i % 2 ? TERMINAL_2 : TERMINAL }));
      await until('three batches wait for the next group', () => groupWaiting() === 3);
      await held.release();
      const [one, ...rest] = await Promise.all([firstCall, ...calls]);
      expect(one!.results.map((r) => r.status)).toEqual(['CREATED', 'CREATED', 'CREATED']);
      expect(rest[0]!.results.map((r) => r.status)).toEqual(['CREATED', 'CREATED', 'CREATED']);
      expect(rest[1]!.results.map((r) => [r.status, r.error?.code ?? null])).toEqual([
        ['CREATED', null],
        ['REJECTED', 'INTERNAL_ERROR'],
        ['CREATED', null],
      ]);
      expect(rest[2]!.results.map((r) => r.status)).toEqual(['CREATED', 'CREATED', 'CREATED']);
    } finally {
      await h.db.admin('DROP TRIGGER test_group_poison ON sales.sale_line');
    }
    expect(await h.counts(bad.id)).toEqual({ sales: 0, lines: 0, payments: 0, events: 0 });
    await expectStoredOnce([...first, ...later.flat().filter((s) => s !== bad)]);
  });

  it("never groups across tenants: tenant B's batch is written while tenant A's group is held", async () => {
    const first = batch();
    const held = await holdSaleId(first[0]!.id);
    let firstDone = false;
    const firstCall = h.sync(first).then((r) => {
      firstDone = true;
      return r;
    });
    await until('the first batch waits inside its transaction', held.waiting);
    // Tenant B, same terminal and store ids (ids are per tenant) and one of A's sale ids.
    const other = [...batch(), first[1]!];
    const answer = await h.sync(other, { tenantId: TENANT_B });
    expect(answer.results.map((r) => r.status)).toEqual(['CREATED', 'CREATED', 'CREATED', 'CREATED']);
    expect(firstDone).toBe(false);
    await held.release();
    expect((await firstCall).results.map((r) => r.status)).toEqual(['CREATED', 'CREATED', 'CREATED']);
    const [row] = await h.db.admin<{ a: number; b: number }>(
      `SELECT count(*) FILTER (WHERE tenant_id = $1)::int AS a, count(*) FILTER (WHERE tenant_id = $2)::int AS b
         FROM sales.sale WHERE id = $3`,
      [TENANT_A, TENANT_B, first[1]!.id],
    );
    expect(row).toEqual({ a: 1, b: 1 });
  });
});
