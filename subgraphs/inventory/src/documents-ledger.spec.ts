import { newId } from '@jowi/server-kit';
import { checkLoggedEvents } from '@jowi/server-kit/testing';
import { describe, expect, it } from 'vitest';
import {
  AIRPORT,
  admin,
  as,
  DEMO,
  DEMO2,
  db,
  ERRORS,
  emit,
  idle,
  level,
  MAIN,
  STAFF,
  saleCreated,
  saleRefunded,
  type UserErrorShape,
  useDocumentsStack,
} from './documents.fixtures.ts';
import { divRoundHalfUp, expandRecipe, verifyLevels } from './index.ts';

useDocumentsStack();

describe('recipes', { timeout: 120_000 }, () => {
  const plov = newId();
  const [rice, meat, carrot, raisins] = [newId(), newId(), newId(), newId()];
  const extraMeat = newId();
  const noCarrot = newId();

  it('computes ingredient quantities in thousandths, rounding half up', () => {
    const recipe = {
      components: [
        { modifierId: null, productId: rice, quantity: 150n },
        { modifierId: null, productId: meat, quantity: 100n },
        { modifierId: extraMeat, productId: meat, quantity: 50n },
        { modifierId: noCarrot, productId: carrot, quantity: -80n },
      ],
    };
    expect(expandRecipe(recipe, [], 2_000n)).toEqual([
      { productId: rice, quantity: 300n },
      { productId: meat, quantity: 200n },
    ]);
    // 150 × 333 / 1000 = 49.95 → 50; 100 × 333 / 1000 = 33.3 → 33.
    expect(expandRecipe(recipe, [], 333n)).toEqual([
      { productId: rice, quantity: 50n },
      { productId: meat, quantity: 33n },
    ]);
    expect(expandRecipe(recipe, [extraMeat], 1_000n)).toContainEqual({ productId: meat, quantity: 150n });
    expect(divRoundHalfUp(5n, 2n)).toBe(3n);
    expect(divRoundHalfUp(-5n, 2n)).toBe(-3n);
  });

  it('deducts a sold dish as its ingredients, with modifier effects, and the recipe in force at the sale', async () => {
    const gql = await as(DEMO.id);
    const set = await gql<{
      setRecipe: { recipe: { version: number; validFrom: string } | null; errors: UserErrorShape[] };
    }>(
      `mutation($input: SetRecipeInput!) { setRecipe(input: $input) { recipe { version validFrom ingredients { product { id } quantity } modifierEffects { modifierId ingredients { quantity } } } ${ERRORS} } }`,
      {
        input: {
          productId: plov,
          ingredients: [
            { productId: rice, quantity: '0.150' },
            { productId: meat, quantity: '0.100' },
            { productId: carrot, quantity: '0.080' },
          ],
          modifierEffects: [
            { modifierId: extraMeat, ingredients: [{ productId: meat, quantity: '0.050' }] },
            { modifierId: noCarrot, ingredients: [{ productId: carrot, quantity: '-0.080' }] },
          ],
        },
      },
    );
    expect(set.setRecipe.errors).toEqual([]);
    expect(set.setRecipe.recipe!.version).toBe(1);
    const v1From = new Date(set.setRecipe.recipe!.validFrom);

    const sale1 = newId();
    await emit(
      // Device time just after version 1 (validFrom is truncated to the millisecond).
      saleCreated(DEMO.id, sale1, MAIN.id, new Date(v1From.getTime() + 2), [
        { lineNo: 1, productId: plov, quantity: '2.000' },
        {
          lineNo: 2,
          productId: plov,
          quantity: '1.000',
          modifiers: [
            { modifierId: extraMeat, name: 'Extra meat', priceDelta: '5000.00' },
            { modifierId: noCarrot, name: 'No carrot', priceDelta: '0.00' },
          ],
        },
      ]),
    );
    await idle();
    // Line 1: rice 0.300, meat 0.200, carrot 0.160; line 2: rice 0.150, meat 0.150, no carrot.
    expect(await level(DEMO.id, MAIN.id, rice)).toBe('-0.450');
    expect(await level(DEMO.id, MAIN.id, meat)).toBe('-0.350');
    expect(await level(DEMO.id, MAIN.id, carrot)).toBe('-0.160');
    expect(await level(DEMO.id, MAIN.id, plov)).toBeNull();

    // Version 2: more rice, no carrot. Sales made before it (device time) keep version 1.
    const set2 = await gql<{ setRecipe: { recipe: { version: number; validFrom: string } } }>(
      `mutation($input: SetRecipeInput!) { setRecipe(input: $input) { recipe { version validFrom } ${ERRORS} } }`,
      {
        input: {
          productId: plov,
          ingredients: [
            { productId: rice, quantity: '0.200' },
            { productId: meat, quantity: '0.100' },
            { productId: raisins, quantity: '0.010' },
          ],
        },
      },
    );
    expect(set2.setRecipe.recipe.version).toBe(2);
    const v2From = new Date(set2.setRecipe.recipe.validFrom);
    const offlineBefore = newId();
    const after = newId();
    await emit(
      saleCreated(DEMO.id, offlineBefore, MAIN.id, new Date((v1From.getTime() + v2From.getTime()) / 2), [
        { lineNo: 1, productId: plov, quantity: '1.000' },
      ]),
      saleCreated(DEMO.id, after, MAIN.id, new Date(v2From.getTime() + 500), [
        { lineNo: 1, productId: plov, quantity: '1.000' },
      ]),
    );
    await idle();
    const moves = await db.admin<{
      source_id: string;
      product_id: string;
      quantity: string;
      source_part: number;
    }>(
      `SELECT source_id, product_id, quantity::text, source_part FROM inventory.stock_movement
        WHERE source_id = ANY($1::uuid[]) ORDER BY source_id = $2 DESC, source_part`,
      [[offlineBefore, after], offlineBefore],
    );
    expect(moves).toEqual([
      { source_id: offlineBefore, product_id: rice, quantity: '-0.150', source_part: 1 },
      { source_id: offlineBefore, product_id: meat, quantity: '-0.100', source_part: 2 },
      { source_id: offlineBefore, product_id: carrot, quantity: '-0.080', source_part: 3 },
      { source_id: after, product_id: rice, quantity: '-0.200', source_part: 1 },
      { source_id: after, product_id: meat, quantity: '-0.100', source_part: 2 },
      { source_id: after, product_id: raisins, quantity: '-0.010', source_part: 3 },
    ]);

    // A refund of the modified line returns what that line took (version 1, with its modifiers).
    await emit(
      saleRefunded(DEMO.id, sale1, MAIN.id, [{ saleLineNo: 2, productId: plov, quantity: '1.000' }]),
    );
    await idle();
    expect(await level(DEMO.id, MAIN.id, rice)).toBe('-0.650'); // −0.450 −0.150 −0.200 +0.150
    expect(await level(DEMO.id, MAIN.id, meat)).toBe('-0.400'); // −0.350 −0.100 −0.100 +0.150
    expect(await level(DEMO.id, MAIN.id, carrot)).toBe('-0.240');
    expect(await level(DEMO.id, MAIN.id, plov)).toBeNull();

    // Product.recipe shows the version in force.
    const read = await gql<{
      _entities: { recipe: { version: number; ingredients: { quantity: string }[] } }[];
    }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { recipe { version ingredients { quantity } } } } }`,
      { reps: [{ __typename: 'Product', id: plov }] },
    );
    expect(read._entities[0]!.recipe).toEqual({
      version: 2,
      ingredients: [{ quantity: '0.200' }, { quantity: '0.100' }, { quantity: '0.010' }],
    });
  });

  it('rejects a recipe with bad ingredients with typed errors', async () => {
    const gql = await as(DEMO.id);
    const res = await gql<{ setRecipe: { errors: UserErrorShape[] } }>(
      `mutation($input: SetRecipeInput!) { setRecipe(input: $input) { ${ERRORS} } }`,
      {
        input: {
          productId: plov,
          ingredients: [
            { productId: plov, quantity: '0.100' },
            { productId: 'not-a-uuid', quantity: '0.100' },
            { productId: rice, quantity: '-0.100' },
          ],
        },
      },
    );
    expect(res.setRecipe.errors.map((e) => e.code)).toEqual([
      'RECIPE_SELF_REFERENCE',
      'INVALID_ID',
      'INVALID_QUANTITY',
    ]);
  });
});

describe('stock-take', { timeout: 120_000 }, () => {
  const [apples, pears, plums] = [newId(), newId(), newId()];

  it('posts adjustments for the differences against the level at posting time', async () => {
    const gql = await as(DEMO.id);
    const correct = `mutation($input: CorrectStockInput!) { correctStock(input: $input) { ${ERRORS} } }`;
    for (const [p, q] of [
      [apples, '10.000'],
      [pears, '5.000'],
      [plums, '7.000'],
    ] as const) {
      await gql(correct, { input: { storeId: AIRPORT.id, productId: p, quantity: q, note: 'opening' } });
    }
    const SHEET = `stockTake { id status partial lines { product { id } expected counted levelAtPosting adjustment } }`;
    const started = await gql<{
      startStockTake: { stockTake: { id: string; partial: boolean; lines: { expected: string }[] } };
    }>(`mutation($input: StartStockTakeInput!) { startStockTake(input: $input) { ${SHEET} ${ERRORS} } }`, {
      input: { storeId: AIRPORT.id, productIds: [apples, pears, plums] },
    });
    const take = started.startStockTake.stockTake;
    expect(take.partial).toBe(true);
    expect(take.lines.map((l) => l.expected)).toEqual(['10.000', '5.000', '7.000']);

    await gql(`mutation($input: RecordCountInput!) { recordCount(input: $input) { ${ERRORS} } }`, {
      input: {
        stockTakeId: take.id,
        counts: [
          { productId: apples, quantity: '9.000' },
          { productId: pears, quantity: '5.000' },
        ],
      },
    });
    // A sale lands while the sheet is open: posting compares with the level at posting time.
    await emit(
      saleCreated(DEMO.id, newId(), AIRPORT.id, new Date(), [
        { lineNo: 1, productId: apples, quantity: '2.000' },
      ]),
    );
    await idle();
    expect(await level(DEMO.id, AIRPORT.id, apples)).toBe('8.000');

    const posted = await gql<{
      postStockTake: {
        stockTake: {
          status: string;
          lines: { counted: string | null; levelAtPosting: string | null; adjustment: string | null }[];
        };
        errors: UserErrorShape[];
      };
    }>(`mutation($input: PostStockTakeInput!) { postStockTake(input: $input) { ${SHEET} ${ERRORS} } }`, {
      input: { stockTakeId: take.id },
    });
    expect(posted.postStockTake.errors).toEqual([]);
    expect(posted.postStockTake.stockTake.status).toBe('POSTED');
    expect(posted.postStockTake.stockTake.lines).toEqual([
      {
        product: { id: apples },
        expected: '10.000',
        counted: '9.000',
        levelAtPosting: '8.000',
        adjustment: '1.000',
      },
      {
        product: { id: pears },
        expected: '5.000',
        counted: '5.000',
        levelAtPosting: '5.000',
        adjustment: null,
      },
      { product: { id: plums }, expected: '7.000', counted: null, levelAtPosting: null, adjustment: null },
    ]);
    expect(await level(DEMO.id, AIRPORT.id, apples)).toBe('9.000');
    expect(await level(DEMO.id, AIRPORT.id, plums)).toBe('7.000');
    const adjustments = await db.admin<{ product_id: string; kind: string; quantity: string }>(
      `SELECT product_id, kind, quantity::text FROM inventory.stock_movement WHERE source_kind = 'stock_take' AND source_id = $1`,
      [take.id],
    );
    expect(adjustments).toEqual([{ product_id: apples, kind: 'ADJUSTMENT', quantity: '1.000' }]);
    const audit = await db.admin<{ action: string; entity_id: string }>(
      `SELECT action, entity_id FROM audit.entry WHERE action = 'inventory.stock_take.posted'`,
    );
    expect(audit).toEqual([{ action: 'inventory.stock_take.posted', entity_id: take.id }]);

    const again = await gql<{ postStockTake: { errors: UserErrorShape[] } }>(
      `mutation($input: PostStockTakeInput!) { postStockTake(input: $input) { ${ERRORS} } }`,
      { input: { stockTakeId: take.id } },
    );
    expect(again.postStockTake.errors.map((e) => e.code)).toEqual(['STOCK_TAKE_NOT_OPEN']);
  });

  it('refuses a product of another tenant (unknown here) and malformed ids', async () => {
    const other = await as(DEMO2.id);
    const res = await other<{ startStockTake: { stockTake: null; errors: UserErrorShape[] } }>(
      `mutation($input: StartStockTakeInput!) { startStockTake(input: $input) { stockTake { id } ${ERRORS} } }`,
      { input: { storeId: DEMO2.stores[0]!.id, productIds: [apples] } },
    );
    expect(res.startStockTake.stockTake).toBeNull();
    expect(res.startStockTake.errors).toEqual([
      { code: 'UNKNOWN_PRODUCT', field: ['input', 'productIds', '0'] },
    ]);
    const bad = await other<{ startStockTake: { errors: UserErrorShape[] } }>(
      `mutation($input: StartStockTakeInput!) { startStockTake(input: $input) { ${ERRORS} } }`,
      { input: { storeId: 'store', productIds: ['p'] } },
    );
    expect(bad.startStockTake.errors.map((e) => e.code)).toEqual(['INVALID_ID', 'INVALID_ID']);
    // A full sheet of tenant B lists nothing of tenant A; counting A's product on it is refused too.
    const sheet = await other<{ startStockTake: { stockTake: { id: string; lines: unknown[] } } }>(
      `mutation($input: StartStockTakeInput!) { startStockTake(input: $input) { stockTake { id lines { counted } } ${ERRORS} } }`,
      { input: { storeId: DEMO2.stores[0]!.id } },
    );
    expect(sheet.startStockTake.stockTake.lines).toEqual([]);
    const count = await other<{ recordCount: { errors: UserErrorShape[] } }>(
      `mutation($input: RecordCountInput!) { recordCount(input: $input) { ${ERRORS} } }`,
      {
        input: {
          stockTakeId: sheet.startStockTake.stockTake.id,
          counts: [{ productId: apples, quantity: '1.000' }],
        },
      },
    );
    expect(count.recordCount.errors.map((e) => e.code)).toEqual(['UNKNOWN_PRODUCT']);
  });
});

describe('write-offs, corrections and low stock', { timeout: 120_000 }, () => {
  const milk = newId();

  it('writes off with a reason and audits it; the id makes it idempotent', async () => {
    const gql = await as(DEMO.id);
    await gql(`mutation($input: CorrectStockInput!) { correctStock(input: $input) { ${ERRORS} } }`, {
      input: { storeId: MAIN.id, productId: milk, quantity: '20.000', note: 'found in the back room' },
    });
    const id = newId();
    const q = `mutation($input: WriteOffStockInput!) { writeOffStock(input: $input) {
      movements { kind quantity reason note staff { id } createdBy } ${ERRORS} } }`;
    const input = {
      id,
      storeId: MAIN.id,
      reason: 'SPOILED',
      note: 'fridge failed',
      lines: [{ productId: milk, quantity: '3.000' }],
    };
    const res = await gql<{ writeOffStock: { movements: unknown[]; errors: UserErrorShape[] } }>(q, {
      input,
    });
    expect(res.writeOffStock.errors).toEqual([]);
    expect(res.writeOffStock.movements).toEqual([
      {
        kind: 'WRITE_OFF',
        quantity: '-3.000',
        reason: 'SPOILED',
        note: 'fridge failed',
        staff: { id: STAFF },
        createdBy: `staff:${STAFF}`,
      },
    ]);
    await gql(q, { input });
    expect(await level(DEMO.id, MAIN.id, milk)).toBe('17.000');
    const audit = await db.admin<{
      action: string;
      actor: string;
      data: { reason: string; lines: unknown[] };
    }>(`SELECT action, actor, data FROM audit.entry WHERE entity_id = $1`, [id]);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      action: 'inventory.write_off',
      actor: `staff:${STAFF}`,
      data: { reason: 'SPOILED' },
    });
    const corrections = await db.admin<{ n: string }>(
      `SELECT count(*)::text AS n FROM audit.entry WHERE action = 'inventory.correction' AND data->>'productId' = $1`,
      [milk],
    );
    expect(corrections[0]!.n).toBe('1');

    const other = await gql<{ writeOffStock: { errors: UserErrorShape[] } }>(q, {
      input: { storeId: MAIN.id, reason: 'OTHER', lines: [{ productId: milk, quantity: '1.000' }] },
    });
    expect(other.writeOffStock.errors.map((e) => e.code)).toEqual(['INVALID_NOTE']);
    const zero = await gql<{ correctStock: { errors: UserErrorShape[] } }>(
      `mutation($input: CorrectStockInput!) { correctStock(input: $input) { ${ERRORS} } }`,
      { input: { storeId: MAIN.id, productId: milk, quantity: '0.000', note: 'x' } },
    );
    expect(zero.correctStock.errors.map((e) => e.code)).toEqual(['INVALID_QUANTITY']);
  });

  it('appends stock.low once per crossing, not per movement below the threshold', async () => {
    const gql = await as(DEMO.id);
    const set = await gql<{ setStockThreshold: { level: { quantity: string; threshold: string } } }>(
      `mutation($input: SetStockThresholdInput!) { setStockThreshold(input: $input) { level { quantity threshold } ${ERRORS} } }`,
      { input: { storeId: MAIN.id, productId: milk, threshold: '10.000' } },
    );
    expect(set.setStockThreshold.level).toEqual({ quantity: '17.000', threshold: '10.000' });
    const lowEvents = async () =>
      db.admin<{ payload: { quantity: string; threshold: string } }>(
        `SELECT payload FROM events.event WHERE type = 'stock.low' AND aggregate_id = $1 ORDER BY id`,
        [milk],
      );
    const sell = async (quantity: string) => {
      await emit(
        saleCreated(DEMO.id, newId(), MAIN.id, new Date(), [{ lineNo: 1, productId: milk, quantity }]),
      );
      await idle();
    };
    await sell('5.000'); // 12: still above
    expect(await lowEvents()).toEqual([]);
    await sell('3.000'); // 9: crossed
    await sell('1.000'); // 8: still below, no second event
    await sell('10.000'); // −2: still below
    expect((await lowEvents()).map((e) => e.payload)).toEqual([
      { storeId: MAIN.id, productId: milk, quantity: '9.000', threshold: '10.000' },
    ]);
    const low = await gql<{
      lowStock: { product: { id: string }; quantity: string; negative: boolean; threshold: string }[];
    }>(`query($s: ID!) { lowStock(storeId: $s) { product { id } quantity negative threshold } }`, {
      s: MAIN.id,
    });
    expect(low.lowStock).toEqual([
      { product: { id: milk }, quantity: '-2.000', negative: true, threshold: '10.000' },
    ]);
    // Back above (re-armed), then below again: a second event.
    await gql(`mutation($input: CorrectStockInput!) { correctStock(input: $input) { ${ERRORS} } }`, {
      input: { storeId: MAIN.id, productId: milk, quantity: '15.000', note: 'delivery booked late' },
    });
    await sell('4.000');
    expect((await lowEvents()).map((e) => e.payload.quantity)).toEqual(['9.000', '9.000']);
  });

  it('keeps every level equal to its ledger', async () => {
    const check = await verifyLevels(admin.manager);
    // Every level this file's recipes, stock-takes and write-offs left behind was checked.
    const [levels] = await db.admin<{ n: string }>('SELECT count(*)::text AS n FROM inventory.stock_level');
    expect(check.checked).toBe(Number(levels!.n));
    expect(check.checked).toBeGreaterThan(5);
    expect(check.mismatches).toEqual([]);
  });

  it('pages movements with a keyset cursor and filters by kind and time', async () => {
    const gql = await as(DEMO.id);
    type Page = {
      movements: {
        edges: { cursor: string; node: { id: string; kind: string } }[];
        pageInfo: { hasNextPage: boolean; endCursor: string };
      };
    };
    const q = `query($f: MovementFilter, $after: String) { movements(filter: $f, first: 3, after: $after) {
      edges { cursor node { id kind } } pageInfo { hasNextPage endCursor } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = await gql<Page>(q, { f: { storeId: MAIN.id, productId: milk }, after });
      seen.push(...page.movements.edges.map((e) => e.node.id));
      if (!page.movements.pageInfo.hasNextPage) break;
      after = page.movements.pageInfo.endCursor;
    }
    const all = await db.admin<{ id: string }>(
      `SELECT id FROM inventory.stock_movement WHERE product_id = $1 ORDER BY created_at DESC, id DESC`,
      [milk],
    );
    expect(seen).toEqual(all.map((r) => r.id));
    const writeOffs = await gql<Page>(q, { f: { productId: milk, kind: 'WRITE_OFF' } });
    expect(writeOffs.movements.edges.map((e) => e.node.kind)).toEqual(['WRITE_OFF']);
    const future = await gql<Page>(q, {
      f: { productId: milk, from: new Date(Date.now() + 60_000).toISOString() },
    });
    expect(future.movements.edges).toEqual([]);
  });
});

describe('event contracts', () => {
  it('every stock.low this file wrote follows its contract', async () => {
    const check = await checkLoggedEvents(db.admin, ['stock.low']);
    expect(check.problems).toEqual([]);
    expect(check.counts['stock.low']).toBeGreaterThan(0);
  });
});
