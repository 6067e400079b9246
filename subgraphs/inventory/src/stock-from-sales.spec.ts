/**
 * Stock from sales events: the inventory consumer against real PostgreSQL, with events written
 * by the sales runtime role exactly as the sales subgraph writes them. One describe whose tests
 * build on each other's state (the same sale, cursor and parked events), so it stays one file;
 * its setup and helpers live in stock-from-sales.fixtures.ts.
 */
import {
  createConsumer,
  createRedis,
  createRequestContext,
  insertEvents,
  newId,
  type RawEvent,
  type RunningService,
  systemContext,
} from '@jowi/server-kit';
import { createTestKeys, testSubgraphEnv } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listNegativeStock,
  STOCK_FROM_SALES,
  startInventory,
  stockFromSalesConsumer,
  verifyLevels,
} from './index.ts';
import {
  AIRPORT,
  adminSource,
  CHOY,
  closeAdminSource,
  consumer,
  cursorPosition,
  DEMO,
  DEMO2,
  db,
  dropStockDatabase,
  ds,
  emit,
  expectLevelsEqualLedger,
  idle,
  type Line,
  level,
  MAIN,
  movementsOf,
  PLOV,
  parked,
  registry,
  retryParked,
  SOMSA,
  saleCreated,
  saleRefunded,
  sales,
  silent,
  snapshot,
  spyingConsumer,
  startStockDatabase,
} from './stock-from-sales.fixtures.ts';

beforeAll(startStockDatabase);
afterAll(dropStockDatabase);
afterAll(closeAdminSource);

describe('stock from sales events', { timeout: 120_000 }, () => {
  const saleId = newId();

  it('deducts each sale line from the sale’s store and flags stock that goes negative', async () => {
    await emit(
      saleCreated(DEMO.id, saleId, MAIN.id, [
        { lineNo: 1, productId: PLOV.id, quantity: '2.000' },
        { lineNo: 2, productId: CHOY.id, quantity: '1.500' },
        { lineNo: 3, productId: PLOV.id, quantity: '0.500' },
      ]),
    );
    expect(await idle()).toBe(1);
    expect(await movementsOf(saleId)).toEqual([
      {
        kind: 'SALE',
        quantity: '-2.000',
        product_id: PLOV.id,
        store_id: MAIN.id,
        source_kind: 'sale',
        source_line: 1,
        reference: saleId,
      },
      {
        kind: 'SALE',
        quantity: '-1.500',
        product_id: CHOY.id,
        store_id: MAIN.id,
        source_kind: 'sale',
        source_line: 2,
        reference: saleId,
      },
      {
        kind: 'SALE',
        quantity: '-0.500',
        product_id: PLOV.id,
        store_id: MAIN.id,
        source_kind: 'sale',
        source_line: 3,
        reference: saleId,
      },
    ]);
    // No opening stock in this database: the sale takes both products below zero.
    expect(await level(DEMO.id, MAIN.id, PLOV.id)).toEqual({ quantity: '-2.500', negative: true });
    expect(await level(DEMO.id, MAIN.id, CHOY.id)).toEqual({ quantity: '-1.500', negative: true });
    expect(await level(DEMO.id, AIRPORT.id, PLOV.id)).toBeNull();
    await expectLevelsEqualLedger();
  });

  it('returns refunded quantities to stock, clearing the negative flag when it is back at zero', async () => {
    const refund1 = newId();
    const refund2 = newId();
    await emit(
      saleRefunded(DEMO.id, refund1, saleId, MAIN.id, [
        { saleLineNo: 1, productId: PLOV.id, quantity: '2.000' },
      ]),
    );
    expect(await idle()).toBe(1);
    expect(await movementsOf(refund1)).toEqual([
      {
        kind: 'REFUND',
        quantity: '2.000',
        product_id: PLOV.id,
        store_id: MAIN.id,
        source_kind: 'refund',
        source_line: 1,
        reference: refund1,
      },
    ]);
    expect(await level(DEMO.id, MAIN.id, PLOV.id)).toEqual({ quantity: '-0.500', negative: true });

    await emit(
      saleRefunded(DEMO.id, refund2, saleId, MAIN.id, [
        { saleLineNo: 3, productId: PLOV.id, quantity: '0.500' },
      ]),
    );
    await idle();
    expect(await level(DEMO.id, MAIN.id, PLOV.id)).toEqual({ quantity: '0.000', negative: false });

    // The flag is queryable per tenant through the service (row-level security applies).
    const ctx = systemContext({ db: ds, tenantId: DEMO.id, log: silent });
    expect((await listNegativeStock(ctx)).map((l) => [l.productId, l.quantity, l.negative])).toEqual([
      [CHOY.id, -1_500n, true],
    ]);
    expect(await listNegativeStock(ctx, { storeId: AIRPORT.id })).toEqual([]);
    expect(await listNegativeStock(systemContext({ db: ds, tenantId: DEMO2.id, log: silent }))).toEqual([]);
    await expectLevelsEqualLedger();
  });

  it('reports a level that drifted from its ledger', async () => {
    const admin = await adminSource();
    await db.admin(
      `UPDATE inventory.stock_level SET quantity = quantity + 1 WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3`,
      [DEMO.id, MAIN.id, CHOY.id],
    );
    try {
      expect((await verifyLevels(admin.manager)).mismatches).toEqual([
        { tenantId: DEMO.id, storeId: MAIN.id, productId: CHOY.id, level: '-0.500', ledger: '-1.500' },
      ]);
    } finally {
      await db.admin(
        `UPDATE inventory.stock_level SET quantity = quantity - 1 WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3`,
        [DEMO.id, MAIN.id, CHOY.id],
      );
    }
    await expectLevelsEqualLedger();
  });

  it('parks a sale without a store (its contract needs one) at once, visibly, and carries on', async () => {
    const storeless = newId();
    const after = newId();
    const [parkedId] = await emit(
      saleCreated(DEMO.id, storeless, undefined, [{ lineNo: 1, productId: SOMSA.id, quantity: '1.000' }]),
      saleCreated(DEMO.id, after, AIRPORT.id, [{ lineNo: 1, productId: SOMSA.id, quantity: '3.000' }]),
    );
    expect(await idle()).toBe(1);
    expect(await movementsOf(storeless)).toEqual([]);
    expect(await parked()).toEqual([
      {
        event_id: parkedId!.toString(),
        tenant_id: DEMO.id,
        type: 'sale.created',
        state: 'PARKED',
        attempts: 1,
        error: expect.stringMatching(/^sale\.created v1 payload does not match its contract: storeId: /),
      },
    ]);
    const gauge = (await registry.getSingleMetric('jowi_consumer_parked_events')!.get()).values;
    expect(gauge).toEqual([{ labels: { consumer: STOCK_FROM_SALES }, value: 1 }]);
    expect(await level(DEMO.id, AIRPORT.id, SOMSA.id)).toEqual({ quantity: '-3.000', negative: true });
  });

  it('never doubles a movement when events are delivered again, even past a reset cursor', async () => {
    const before = await snapshot();
    // Simulate a cursor that failed: start it over. Every event is handled a second time …
    await db.admin(`UPDATE events.consumer_cursor SET position = 0, txid = '0' WHERE consumer = $1`, [
      STOCK_FROM_SALES,
    ]);
    expect(await idle()).toBeGreaterThanOrEqual(4); // (the parked one stays parked)
    // … and the ledger's unique source key turns each into a no-op.
    expect(await snapshot()).toEqual(before);
    await expectLevelsEqualLedger();
  });

  it('rebuilds identical levels when the whole log is replayed from zero into empty tables', async () => {
    // A busy day: two tenants, both stores, sales with several lines, partial refunds.
    let seed = 42;
    const random = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    const expected = new Map<string, bigint>();
    const add = (t: string, s: string, p: string, q: bigint) => {
      const key = `${t}/${s}/${p}`;
      expected.set(key, (expected.get(key) ?? 0n) + q);
    };
    const events: RawEvent[] = [];
    for (let n = 0; n < 120; n++) {
      const tenant = n % 3 === 0 ? DEMO2 : DEMO;
      const store = tenant.stores[random(tenant.stores.length)]!;
      const sale = newId();
      const lines = Array.from({ length: 1 + random(4) }, (_, i) => ({
        lineNo: i + 1,
        productId: tenant.products[random(8)]!.id,
        quantity: `${1 + random(5)}.${String(random(1000)).padStart(3, '0')}`,
      }));
      events.push(saleCreated(tenant.id, sale, store.id, lines));
      if (random(4) === 0) {
        const line = lines[random(lines.length)]!;
        events.push(
          saleRefunded(tenant.id, newId(), sale, store.id, [
            { saleLineNo: line.lineNo, productId: line.productId, quantity: line.quantity },
          ]),
        );
      }
    }
    for (let i = 0; i < events.length; i += 25) await emit(...events.slice(i, i + 25));
    const generatedTenants = new Set<string>();
    for (const e of events) {
      const p = e.payload as { storeId: string; lines: (Line & { saleLineNo?: number })[] };
      generatedTenants.add(e.tenantId);
      for (const l of p.lines) {
        const milli = BigInt(l.quantity.replace('.', ''));
        add(e.tenantId, p.storeId, l.productId, e.type === 'sale.created' ? -milli : milli);
      }
    }
    await idle();
    const first = await snapshot();

    // Fresh consumer state: empty inventory tables (the append-only trigger is bypassed, as the
    // superuser, for the test only) and a cursor back at zero.
    await db.admin(`SET session_replication_role = replica`);
    try {
      await db.admin('DELETE FROM inventory.stock_movement');
      await db.admin('DELETE FROM inventory.stock_level');
    } finally {
      await db.admin('RESET session_replication_role');
    }
    await db.admin(`UPDATE events.consumer_cursor SET position = 0, txid = '0' WHERE consumer = $1`, [
      STOCK_FROM_SALES,
    ]);
    expect((await snapshot()).levels).toEqual([]);
    const replayed = await idle();
    expect(replayed).toBeGreaterThanOrEqual(events.length);
    const second = await snapshot();
    expect(second).toEqual(first);
    await expectLevelsEqualLedger();

    // And the levels are what the events say, line by line.
    const generated = second.levels.filter(
      (l) => l.tenant_id === DEMO2.id, // DEMO2 only had generated sales
    ) as { tenant_id: string; store_id: string; product_id: string; quantity: string }[];
    expect(generated.length).toBeGreaterThan(0);
    for (const l of generated) {
      expect(BigInt(l.quantity.replace('.', ''))).toBe(
        expected.get(`${l.tenant_id}/${l.store_id}/${l.product_id}`),
      );
    }
    expect(generatedTenants.has(DEMO2.id)).toBe(true);
  });

  it('gives the same ledger and levels applied one event at a time as applied in batches', async () => {
    const batched = await snapshot();
    expect(batched.ledger.length).toBeGreaterThan(100);
    await db.admin(`SET session_replication_role = replica`);
    try {
      for (const table of ['stock_movement', 'stock_level', 'sale_recipe_line']) {
        await db.admin(`DELETE FROM inventory.${table}`);
      }
    } finally {
      await db.admin('RESET session_replication_role');
    }
    await db.admin(`UPDATE events.consumer_cursor SET position = 0, txid = '0' WHERE consumer = $1`, [
      STOCK_FROM_SALES,
    ]);
    const oneByOne = createConsumer({ ...stockFromSalesConsumer, batchSize: 1, dataSource: ds, log: silent });
    expect(await oneByOne.runUntilIdle({ timeoutMs: 90_000 })).toBeGreaterThan(100);
    expect(oneByOne.stats().batches).toBeGreaterThan(100);
    expect(await snapshot()).toEqual(batched);
    await expectLevelsEqualLedger();
  });

  it('applies a batch of two tenants with one recipe lookup and one movement statement per tenant', async () => {
    // Products no earlier test moved.
    const [P4, P5] = [DEMO.products[10]!, DEMO.products[11]!];
    const P4b = DEMO2.products[10]!;
    const choyBefore = BigInt((await level(DEMO.id, MAIN.id, CHOY.id))!.quantity.replace('.', ''));
    const saleA = newId();
    const saleB = newId();
    const saleC = newId();
    const refund = newId();
    const [idA, idB, idRefund, idC] = await emit(
      saleCreated(DEMO.id, saleA, MAIN.id, [
        { lineNo: 1, productId: P4.id, quantity: '1.000' },
        { lineNo: 2, productId: P5.id, quantity: '2.000' },
        { lineNo: 3, productId: P4.id, quantity: '0.500' },
      ]),
      saleCreated(DEMO.id, saleB, AIRPORT.id, [{ lineNo: 1, productId: P4.id, quantity: '3.000' }]),
      // The first test's sale, line 2 (CHOY at MAIN, 1.500) comes back.
      saleRefunded(DEMO.id, refund, saleId, MAIN.id, [
        { saleLineNo: 2, productId: CHOY.id, quantity: '1.500' },
      ]),
      saleCreated(DEMO2.id, saleC, DEMO2.stores[0]!.id, [
        { lineNo: 1, productId: P4b.id, quantity: '1.000' },
      ]),
    );
    const { spy, calls } = spyingConsumer();
    expect(await spy.runUntilIdle({ timeoutMs: 90_000 })).toBe(4);
    expect(calls).toEqual([
      // None of these products has a recipe: no version lookup.
      {
        tenantId: DEMO.id,
        events: 3,
        movementStatements: 1,
        movementIdsAsked: 0,
        recipeLookups: 1,
        recipeVersionLookups: 0,
      },
      {
        tenantId: DEMO2.id,
        events: 1,
        movementStatements: 1,
        movementIdsAsked: 0,
        recipeLookups: 1,
        recipeVersionLookups: 0,
      },
    ]);
    expect((await movementsOf(saleA)).map((m) => [m.source_line, m.product_id, m.quantity])).toEqual([
      [1, P4.id, '-1.000'],
      [2, P5.id, '-2.000'],
      [3, P4.id, '-0.500'],
    ]);
    expect(await level(DEMO.id, MAIN.id, P4.id)).toEqual({ quantity: '-1.500', negative: true });
    expect(await level(DEMO.id, MAIN.id, P5.id)).toEqual({ quantity: '-2.000', negative: true });
    expect(await level(DEMO.id, AIRPORT.id, P4.id)).toEqual({ quantity: '-3.000', negative: true });
    expect(BigInt((await level(DEMO.id, MAIN.id, CHOY.id))!.quantity.replace('.', ''))).toBe(
      choyBefore + 1_500n,
    );
    expect(await level(DEMO2.id, DEMO2.stores[0]!.id, P4b.id)).toEqual({
      quantity: '-1.000',
      negative: true,
    });
    // Each movement still names the event that made it.
    const actors = await db.admin<{ source_id: string; created_by: string; reference: string; kind: string }>(
      `SELECT DISTINCT source_id::text, created_by, reference, kind || '/' || source_kind AS kind
         FROM inventory.stock_movement WHERE source_id = ANY($1) ORDER BY 2`,
      [[saleA, saleB, refund, saleC]],
    );
    expect(new Map(actors.map((a) => [a.source_id, [a.created_by, a.reference, a.kind]]))).toEqual(
      new Map([
        [saleA, [`event:${idA}`, saleA, 'SALE/sale']],
        [saleB, [`event:${idB}`, saleB, 'SALE/sale']],
        [refund, [`event:${idRefund}`, refund, 'REFUND/refund']],
        [saleC, [`event:${idC}`, saleC, 'SALE/sale']],
      ]),
    );
    // Delivered again (cursor reset to before them): nothing doubles.
    const before = await snapshot();
    await db.admin(
      `UPDATE events.consumer_cursor SET position = $2::bigint - 1, txid = (SELECT txid FROM events.event WHERE id = $2)
        WHERE consumer = $1`,
      [STOCK_FROM_SALES, idA!.toString()],
    );
    await spy.runUntilIdle({ timeoutMs: 90_000 });
    expect(await snapshot()).toEqual(before);
    await expectLevelsEqualLedger();
  });

  it('moves one product several times in one batch: the level is their sum, one stock.low per crossing', async () => {
    const P6 = DEMO.products[12]!;
    const lowEvents = () =>
      db.admin<{ payload: Record<string, string> }>(
        `SELECT payload FROM events.event WHERE type = 'stock.low' AND aggregate_id = $1 ORDER BY id`,
        [P6.id],
      );
    const flag = async () =>
      (
        await db.admin<{ low: boolean }>(
          'SELECT low FROM inventory.stock_threshold WHERE tenant_id = $1 AND store_id = $2 AND product_id = $3',
          [DEMO.id, MAIN.id, P6.id],
        )
      )[0]!.low;
    const refund = (quantity: string) =>
      saleRefunded(DEMO.id, newId(), newId(), MAIN.id, [{ saleLineNo: 1, productId: P6.id, quantity }]);
    const sale = (quantity: string) =>
      saleCreated(DEMO.id, newId(), MAIN.id, [{ lineNo: 1, productId: P6.id, quantity }]);
    // 10 in stock (a refund of a sale unknown here moves the product itself), threshold 5.
    await emit(refund('10.000'));
    await idle();
    await db.admin(
      `INSERT INTO inventory.stock_threshold (tenant_id, store_id, product_id, threshold, low) VALUES ($1, $2, $3, 5, false)`,
      [DEMO.id, MAIN.id, P6.id],
    );

    // Four sales in one batch: 8, 6, 4 (crossed), 2 — one statement, one event.
    await emit(sale('2.000'), sale('2.000'), sale('2.000'), sale('2.000'));
    const { spy, calls } = spyingConsumer();
    expect(await spy.runUntilIdle({ timeoutMs: 90_000 })).toBe(4);
    expect(calls).toEqual([
      {
        tenantId: DEMO.id,
        events: 4,
        movementStatements: 1,
        movementIdsAsked: 0,
        recipeLookups: 1,
        recipeVersionLookups: 0,
      },
    ]);
    expect(await level(DEMO.id, MAIN.id, P6.id)).toEqual({ quantity: '2.000', negative: false });
    expect((await lowEvents()).map((e) => e.payload)).toEqual([
      { storeId: MAIN.id, productId: P6.id, quantity: '2.000', threshold: '5.000' },
    ]);
    expect(await flag()).toBe(true);

    // Up, down, up in one batch: 12 (re-armed), 2 (crossed again), 12. Applied one by one this
    // appends one more event; one statement would see only 2 → 12 and append none, so the
    // batch is split where the direction changes.
    calls.length = 0;
    await emit(refund('10.000'), sale('10.000'), refund('10.000'));
    expect(await spy.runUntilIdle({ timeoutMs: 90_000 })).toBe(3);
    expect(calls).toEqual([
      {
        tenantId: DEMO.id,
        events: 3,
        movementStatements: 3,
        movementIdsAsked: 0,
        recipeLookups: 1,
        recipeVersionLookups: 0,
      },
    ]);
    expect(await level(DEMO.id, MAIN.id, P6.id)).toEqual({ quantity: '12.000', negative: false });
    expect((await lowEvents()).map((e) => e.payload.quantity)).toEqual(['2.000', '2.000']);
    expect(await flag()).toBe(false);
    await expectLevelsEqualLedger();
  });

  it('parks a malformed sale inside a batch at once: the sales around it are applied; fixed and retried, it applies once', async () => {
    const [good1, bad, good2] = [newId(), newId(), newId()];
    const P7 = DEMO.products[13]!;
    const [, badId, good2Id] = await emit(
      saleCreated(DEMO.id, good1, MAIN.id, [{ lineNo: 1, productId: P7.id, quantity: '1.000' }]),
      saleCreated(DEMO.id, bad, MAIN.id, [{ lineNo: 1, productId: P7.id, quantity: 'two' }]),
      saleCreated(DEMO.id, good2, MAIN.id, [{ lineNo: 1, productId: P7.id, quantity: '3.000' }]),
    );
    expect(await idle()).toBe(2);
    expect(await movementsOf(good1)).toHaveLength(1);
    expect(await movementsOf(bad)).toEqual([]);
    expect(await movementsOf(good2)).toHaveLength(1);
    expect(await cursorPosition()).toBe(good2Id!.toString());
    expect((await consumer.lag()).eventsBehind).toBe(0);
    expect((await parked()).find((p) => p.event_id === badId!.toString())).toMatchObject({
      state: 'PARKED',
      attempts: 1,
      error: expect.stringMatching(/lines\.0\.quantity: must be a Quantity string/),
    });
    expect(await level(DEMO.id, MAIN.id, P7.id)).toEqual({ quantity: '-4.000', negative: true });

    // Fixed (by hand, for the test: the log is append-only) and retried by an owner: applied once.
    await db.admin(`SET session_replication_role = replica`);
    try {
      await db.admin(
        `UPDATE events.event SET payload = jsonb_set(payload, '{lines,0,quantity}', '"2.000"') WHERE id = $1`,
        [badId!.toString()],
      );
    } finally {
      await db.admin('RESET session_replication_role');
    }
    expect(await retryParked(DEMO.id, badId!)).toBe(1);
    expect(await idle()).toBe(1);
    expect(await retryParked(DEMO.id, badId!)).toBe(0);
    expect(await idle()).toBe(0);
    expect(await movementsOf(bad)).toHaveLength(1);
    expect(await level(DEMO.id, MAIN.id, P7.id)).toEqual({ quantity: '-6.000', negative: true });
    await expectLevelsEqualLedger();
  });

  it('runs as part of the inventory subgraph: a committed sale moves stock without anyone asking', async () => {
    const keys = await createTestKeys();
    const service: RunningService = await startInventory(testSubgraphEnv(db, keys));
    const redis = createRedis(process.env.JOWI_TEST_REDIS_URL);
    redis?.on('error', () => undefined);
    try {
      const sale = newId();
      // Committed the way a sales request commits: ctx.tx, which wakes consumers after commit.
      const ctx = createRequestContext({
        identity: { kind: 'system', tenantId: DEMO2.id, subject: null, roles: [], permissions: ['*'] },
        traceId: 'stock-spec',
        log: silent,
        db: sales,
        redis,
      });
      await ctx.tx((m) =>
        insertEvents(m, [
          saleCreated(DEMO2.id, sale, DEMO2.stores[0]!.id, [
            { lineNo: 1, productId: CHOY.id, quantity: '4.000' },
          ]),
        ]),
      );
      const deadline = Date.now() + 90_000;
      while ((await movementsOf(sale)).length === 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(await movementsOf(sale)).toHaveLength(1);
      const metrics = await fetch(service.metricsUrl!).then((r) => r.text());
      expect(metrics).toMatch(
        /jowi_consumer_lag_events\{consumer="jowi_inventory:stock-from-sales"[^}]*\} 0/,
      );
      expect(metrics).toMatch(
        /jowi_consumer_events_applied_total\{consumer="jowi_inventory:stock-from-sales"[^}]*\} 1/,
      );
    } finally {
      redis?.disconnect();
      await service.close();
    }
    await expectLevelsEqualLedger();
  });

  it("parks tenant demo's sale that cannot be applied after the bounded attempts, while demo2's stock keeps moving", async () => {
    const [poison, other] = [newId(), newId()];
    const [poisonId] = await emit(
      // Valid by its contract, but line 1 names two products: stock cannot apply it.
      saleCreated(DEMO.id, poison, MAIN.id, [
        { lineNo: 1, productId: PLOV.id, quantity: '1.000' },
        { lineNo: 1, productId: CHOY.id, quantity: '1.000' },
      ]),
    );
    await emit(
      saleCreated(DEMO2.id, other, DEMO2.stores[0]!.id, [
        { lineNo: 1, productId: SOMSA.id, quantity: '2.000' },
      ]),
    );
    const before = consumer.stats();
    expect(await idle()).toBe(1);
    expect(await movementsOf(other)).toHaveLength(1);
    expect(await movementsOf(poison)).toEqual([]);
    expect((await parked()).find((p) => p.event_id === poisonId!.toString())).toEqual({
      event_id: poisonId!.toString(),
      tenant_id: DEMO.id,
      type: 'sale.created',
      state: 'PARKED',
      attempts: 5,
      error: `sale ${poison} line 1/0 names two products`,
    });
    expect(consumer.stats().parked - before.parked).toBe(1);
    await expectLevelsEqualLedger();
  });
});
