import { newId } from '@jowi/server-kit';
import { checkLoggedEvents, postGraphQL } from '@jowi/server-kit/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SalesHarness,
  STORE,
  startSalesHarness,
  TENANT_A,
  TERMINAL,
  TERMINAL_2,
} from './sales.fixtures.ts';
import {
  addTerminal,
  auditOf,
  CASH_MOVEMENT,
  CASHIER,
  CLOSE_SHIFT,
  eventsOf,
  gql,
  minutesFromNow,
  OPEN_SHIFT,
  REFUND_SALE,
  type RefundPayloadOut,
  SHIFT,
  type ShiftOut,
  type ShiftPayloadOut,
  STAFF,
  SYNC_ALL,
  type SyncAllOut,
} from './shifts.fixtures.ts';

let h: SalesHarness;
beforeAll(async () => {
  h = await startSalesHarness();
});
afterAll(async () => {
  await h?.close();
});

const open = async (input: Record<string, unknown>, opts = {}) =>
  (await gql<{ openShift: ShiftPayloadOut }>(h, OPEN_SHIFT, { input }, opts)).openShift;
const cash = async (input: Record<string, unknown>, opts = {}) =>
  (await gql<{ recordCashMovement: ShiftPayloadOut }>(h, CASH_MOVEMENT, { input }, opts)).recordCashMovement;
const close = async (input: Record<string, unknown>, opts = {}) =>
  (await gql<{ closeShift: ShiftPayloadOut }>(h, CLOSE_SHIFT, { input }, opts)).closeShift;
const readShift = async (id: string) => (await gql<{ shift: ShiftOut | null }>(h, SHIFT, { id })).shift;
const syncAll = async (input: Record<string, unknown>, opts = {}) =>
  (await gql<SyncAllOut>(h, SYNC_ALL, { input: { sales: [], ...input } }, opts)).syncSales;

describe('a shift from opening float to Z report', () => {
  const shiftId = newId();
  const cashInId = newId();
  const cashOutId = newId();
  const openedAt = minutesFromNow(-60);
  const cashInAt = minutesFromNow(-55);
  const cashOutAt = minutesFromNow(-30);
  const s1 = makeSale({ shiftId, createdAt: minutesFromNow(-50) });
  const s2 = makeSale({
    shiftId,
    createdAt: minutesFromNow(-45),
    lines: [{ productId: PLOV, quantity: '1', unitPrice: '45000.00' }],
    payments: [{ method: 'CARD', amount: '45000.00' }],
    total: '45000.00',
  });
  const s3 = makeSale({
    shiftId,
    createdAt: minutesFromNow(-40),
    lines: [{ productId: NON, quantity: '2', unitPrice: '5000.00', vatRate: 0 }],
    payments: [
      { method: 'CASH', amount: '4000.00' },
      { method: 'PAYME', amount: '6000.00' },
    ],
    total: '10000.00',
  });
  const refundId = newId();
  const closedAt = minutesFromNow(-5);

  it('opens with a float, records cash in and out, and takes sales and a refund', async () => {
    const opened = await open({ id: shiftId, terminalId: TERMINAL, openingFloat: '100000.00', at: openedAt });
    expect(opened.errors).toEqual([]);
    expect(opened.shift).toMatchObject({
      id: shiftId,
      storeId: STORE,
      terminalId: TERMINAL,
      status: 'OPEN',
      number: 1,
      openedBy: STAFF,
      openedAt,
      openingFloat: '100000.00',
      countedCash: null,
      expectedCash: null,
      overdue: false,
    });

    const cashIn = await cash({
      id: cashInId,
      shiftId,
      kind: 'CASH_IN',
      amount: '20000.00',
      reason: 'Change for the drawer',
      at: cashInAt,
    });
    expect(cashIn.errors).toEqual([]);
    // The offline path: a CASH_OUT uploaded in a syncSales batch.
    const out = await syncAll({
      terminalId: TERMINAL,
      shiftEvents: [
        {
          kind: 'CASH_OUT',
          id: cashOutId,
          shiftId,
          at: cashOutAt,
          amount: '5000.00',
          reason: 'Bread supplier',
        },
      ],
    });
    expect(out.shiftEventResults).toMatchObject([
      { id: cashOutId, status: 'CREATED', shift: { id: shiftId } },
    ]);

    const synced = await h.sync([s1, s2, s3]);
    expect(synced.results.map((r) => r.status)).toEqual(['CREATED', 'CREATED', 'CREATED']);

    const refund = await gql<{ refundSale: RefundPayloadOut }>(h, REFUND_SALE, {
      input: {
        terminalId: TERMINAL,
        refund: {
          id: refundId,
          saleId: s1.id,
          createdAt: minutesFromNow(-35),
          lines: [{ saleLineNo: 1, quantity: '1' }],
        },
      },
    });
    expect(refund.refundSale.errors).toEqual([]);
    // No shiftId sent: the refund joins the terminal's shift that contains its time.
    expect(refund.refundSale.refund).toMatchObject({ shiftId, total: '45000.00', vatTotal: '4821.43' });

    // A cash movement needs a reason and a positive amount.
    const noReason = await cash({ id: newId(), shiftId, kind: 'CASH_IN', amount: '1.00', reason: '  ' });
    expect(noReason.errors).toMatchObject([{ code: 'REASON_REQUIRED', field: ['input', 'reason'] }]);
    const zero = await cash({ id: newId(), shiftId, kind: 'CASH_OUT', amount: '0.00', reason: 'x' });
    expect(zero.errors).toMatchObject([{ code: 'INVALID_AMOUNT', field: ['input', 'amount'] }]);
  });

  it('gives exact X figures while open', async () => {
    const shift = await readShift(shiftId);
    expect(shift?.status).toBe('OPEN');
    expect(shift?.cashMovements.map((m) => [m.id, m.kind, m.amount, m.staffId])).toEqual([
      [cashInId, 'CASH_IN', '20000.00', STAFF],
      [cashOutId, 'CASH_OUT', '5000.00', STAFF],
    ]);
    // Sales: 94 500 cash + 45 000 card + (4 000 cash + 6 000 Payme); refund: one plov of s1, 45 000 cash.
    // VAT 12 %: 90 000 → 9 642.86 and 45 000 → 4 821.43; the refund returns 4 821.43 at 12 %.
    expect(shift?.report).toEqual({
      final: false,
      salesCount: 3,
      salesTotal: '149500.00',
      discountTotal: '500.00',
      refundsCount: 1,
      refundsTotal: '45000.00',
      netTotal: '104500.00',
      vatTotal: '9642.86',
      vatByRate: [
        { rate: 12, amount: '90000.00', vat: '9642.86' },
        { rate: 0, amount: '14500.00', vat: '0.00' },
      ],
      byPaymentMethod: [
        { method: 'CASH', sales: '98500.00', refunds: '45000.00', net: '53500.00', count: 2 },
        { method: 'CARD', sales: '45000.00', refunds: '0.00', net: '45000.00', count: 1 },
        { method: 'PAYME', sales: '6000.00', refunds: '0.00', net: '6000.00', count: 1 },
      ],
      openingFloat: '100000.00',
      cashIn: '20000.00',
      cashOut: '5000.00',
      // 100 000 + 98 500 − 45 000 + 20 000 − 5 000
      expectedCash: '168500.00',
    });
  });

  it('closes with a shortage: Z report, audited difference, one shift.closed event', async () => {
    const closed = await close({ shiftId, countedCash: '168000.00', note: 'Short 500', at: closedAt });
    expect(closed.errors).toEqual([]);
    expect(closed.shift).toMatchObject({
      status: 'CLOSED',
      closedAt,
      closedBy: STAFF,
      countedCash: '168000.00',
      expectedCash: '168500.00',
      cashDifference: '-500.00',
      closingNote: 'Short 500',
      overdue: false,
      report: { final: true, expectedCash: '168500.00', salesCount: 3 },
    });

    const audit = await auditOf(h.db, 'shift.closed', shiftId);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.data).toMatchObject({
      counted: '168000.00',
      expected: '168500.00',
      difference: '-500.00',
    });
    expect(audit[0]!.actor).toBe(STAFF);
    expect(await auditOf(h.db, 'shift.cash_in', cashInId)).toHaveLength(1);
    expect(await auditOf(h.db, 'shift.cash_out', cashOutId)).toHaveLength(1);

    const events = await eventsOf(h.db, 'shift.closed', shiftId);
    expect(events).toHaveLength(1);
    expect(events[0]!.payload).toMatchObject({
      shiftId,
      terminalId: TERMINAL,
      storeId: STORE,
      number: 1,
      openingFloat: '100000.00',
      countedCash: '168000.00',
      expectedCash: '168500.00',
      cashDifference: '-500.00',
      salesCount: 3,
      salesTotal: '149500.00',
      refundsTotal: '45000.00',
      vatTotal: '9642.86',
    });
  });

  it('treats a resend of every event as DUPLICATE and changed content as CONFLICT', async () => {
    // Online: DUPLICATE is success with the stored shift.
    const reopened = await open({
      id: shiftId,
      terminalId: TERMINAL,
      openingFloat: '100000.00',
      at: openedAt,
    });
    expect(reopened.errors).toEqual([]);
    expect(reopened.shift?.status).toBe('CLOSED');
    const reclosed = await close({ shiftId, countedCash: '168000.00', note: 'Short 500', at: closedAt });
    expect(reclosed.errors).toEqual([]);

    // Offline: the same events through syncSales report their status.
    const resent = await syncAll({
      terminalId: TERMINAL,
      shiftEvents: [
        { kind: 'OPEN', id: shiftId, at: openedAt, amount: '100000.00' },
        {
          kind: 'CASH_IN',
          id: cashInId,
          shiftId,
          at: cashInAt,
          amount: '20000.00',
          reason: 'Change for the drawer',
        },
        {
          kind: 'CASH_OUT',
          id: cashOutId,
          shiftId,
          at: cashOutAt,
          amount: '5000.00',
          reason: 'Bread supplier',
        },
        { kind: 'CLOSE', id: shiftId, at: closedAt, amount: '168000.00', reason: 'Short 500' },
      ],
    });
    expect(resent.shiftEventResults.map((r) => [r.id, r.status, r.error])).toEqual([
      [shiftId, 'DUPLICATE', null],
      [cashInId, 'DUPLICATE', null],
      [cashOutId, 'DUPLICATE', null],
      [shiftId, 'DUPLICATE', null],
    ]);
    expect(resent.shiftEventResults.every((r) => r.shift?.status === 'CLOSED')).toBe(true);

    // Changed content: nothing is overwritten.
    const otherFloat = await open({ id: shiftId, terminalId: TERMINAL, openingFloat: '1.00', at: openedAt });
    expect(otherFloat.errors).toMatchObject([{ code: 'CONTENT_MISMATCH' }]);
    const otherCount = await close({ shiftId, countedCash: '168500.00', note: 'Short 500', at: closedAt });
    expect(otherCount.errors).toMatchObject([{ code: 'SHIFT_CLOSED' }]);
    const changed = await syncAll({
      terminalId: TERMINAL,
      shiftEvents: [
        { kind: 'OPEN', id: shiftId, at: openedAt, amount: '1.00' },
        {
          kind: 'CASH_OUT',
          id: cashOutId,
          shiftId,
          at: closedAt,
          amount: '6000.00',
          reason: 'Bread supplier',
        },
        { kind: 'CLOSE', id: shiftId, at: closedAt, amount: '1.00' },
      ],
    });
    expect(changed.shiftEventResults.map((r) => [r.status, r.error?.code])).toEqual([
      ['CONFLICT', 'CONTENT_MISMATCH'],
      ['CONFLICT', 'CONTENT_MISMATCH'],
      ['CONFLICT', 'SHIFT_CLOSED'],
    ]);
    // A new movement on the closed shift is refused.
    const late = await cash({ id: newId(), shiftId, kind: 'CASH_IN', amount: '1.00', reason: 'Too late' });
    expect(late.errors).toMatchObject([{ code: 'SHIFT_CLOSED' }]);

    const shift = await readShift(shiftId);
    expect(shift).toMatchObject({
      openingFloat: '100000.00',
      countedCash: '168000.00',
      closingNote: 'Short 500',
    });
    expect(shift?.cashMovements.map((m) => m.amount)).toEqual(['20000.00', '5000.00']);
    expect(await eventsOf(h.db, 'shift.closed', shiftId)).toHaveLength(1);
    expect(await auditOf(h.db, 'shift.closed', shiftId)).toHaveLength(1);
    const [counts] = await h.db.admin<{ movements: number }>(
      'SELECT count(*)::int AS movements FROM sales.cash_movement WHERE shift_id = $1',
      [shiftId],
    );
    expect(counts!.movements).toBe(2);
  });

  it('shows a sale that arrives after the close in the Z figures', async () => {
    const late = makeSale({
      shiftId,
      createdAt: minutesFromNow(-20),
      lines: [{ productId: NON, quantity: '1', unitPrice: '3000.00', vatRate: 0 }],
      payments: [{ method: 'CASH', amount: '3000.00' }],
      total: '3000.00',
    });
    expect((await h.sync([late])).results[0]!.status).toBe('CREATED');
    const shift = await readShift(shiftId);
    expect(shift).toMatchObject({
      status: 'CLOSED',
      expectedCash: '171500.00',
      cashDifference: '-3500.00',
      report: { final: true, salesCount: 4, salesTotal: '152500.00', expectedCash: '171500.00' },
    });
  });
});

describe('one open shift per terminal', () => {
  it('rejects a second open shift on the terminal, also when 12 race through two instances', async () => {
    const first = newId();
    expect((await open({ id: first, terminalId: TERMINAL_2, openingFloat: '0.00' })).errors).toEqual([]);
    const second = await open({ id: newId(), terminalId: TERMINAL_2, openingFloat: '0.00' });
    expect(second).toMatchObject({ shift: null, errors: [{ code: 'SHIFT_ALREADY_OPEN' }] });
    // Offline: the same rule in a batch.
    const batch = await syncAll({
      terminalId: TERMINAL_2,
      shiftEvents: [{ kind: 'OPEN', id: newId(), at: minutesFromNow(0), amount: '0.00' }],
    });
    expect(batch.shiftEventResults).toMatchObject([
      { status: 'REJECTED', error: { code: 'SHIFT_ALREADY_OPEN' } },
    ]);

    // Concurrency across processes: the partial unique index, not a pre-check, decides.
    const racing = newId();
    await addTerminal(h.db, racing);
    const other = await h.startInstance();
    const ids = Array.from({ length: 12 }, () => newId());
    const results = await Promise.all(
      ids.map((id, i) =>
        open({ id, terminalId: racing, openingFloat: '10.00' }, { url: i % 2 ? other.url : h.service.url }),
      ),
    );
    const created = results.filter((r) => r.errors.length === 0);
    expect(created).toHaveLength(1);
    expect(created[0]!.shift?.number).toBe(1);
    expect(results.filter((r) => r.errors[0]?.code === 'SHIFT_ALREADY_OPEN')).toHaveLength(11);
    const [row] = await h.db.admin<{ n: number }>(
      'SELECT count(*)::int AS n FROM sales.shift WHERE terminal_id = $1',
      [racing],
    );
    expect(row!.n).toBe(1);

    // After closing, the next shift opens with the next number.
    const winner = created[0]!.shift!.id;
    expect((await close({ shiftId: winner, countedCash: '10.00' })).errors).toEqual([]);
    const next = await open({ id: newId(), terminalId: racing, openingFloat: '0.00' });
    expect(next.shift?.number).toBe(2);
  });

  it('classifies the unique-index violation when another open commits between check and insert', async () => {
    // Deterministic form of the race: an uncommitted open shift (another process) that the
    // service's pre-check cannot see; its INSERT waits on the partial unique index, then fails.
    const terminal = newId();
    await addTerminal(h.db, terminal);
    const other = newId();
    const blocker = new pg.Client({ connectionString: h.db.adminUrl });
    await blocker.connect();
    try {
      await blocker.query('BEGIN');
      await blocker.query(
        `INSERT INTO sales.shift (tenant_id, id, store_id, terminal_id, number, opened_at, opening_float, open_hash)
         VALUES ($1, $2, $3, $4, 1, now(), 0, 'x')`,
        [TENANT_A, other, STORE, terminal],
      );
      const pending = open({ id: newId(), terminalId: terminal, openingFloat: '0.00' });
      for (let i = 0; i < 200; i++) {
        const [w] = await h.db.admin<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'INSERT INTO sales.shift%'",
        );
        if (w!.n > 0) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      await blocker.query('COMMIT');
      const result = await pending;
      expect(result).toMatchObject({ shift: null, errors: [{ code: 'SHIFT_ALREADY_OPEN' }] });
    } finally {
      await blocker.end();
    }
  });

  it('needs shift:open to open and shift:close to close (a thrown FORBIDDEN, or REJECTED in a batch)', async () => {
    const terminal = newId();
    await addTerminal(h.db, terminal);
    const id = newId();
    const denied = await postGraphQL<{ openShift: ShiftPayloadOut | null }>(
      h.service.url,
      OPEN_SHIFT,
      { input: { id, terminalId: terminal, openingFloat: '0.00' } },
      await h.headersFor(TENANT_A, ['sales:read']),
    );
    expect(denied.body.errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    expect(denied.body.data).toBeNull();
    expect(
      (await open({ id, terminalId: terminal, openingFloat: '0.00' }, { permissions: CASHIER })).errors,
    ).toEqual([]);
    const batch = await syncAll(
      {
        terminalId: terminal,
        shiftEvents: [{ kind: 'CLOSE', id, at: minutesFromNow(0), amount: '0.00' }],
      },
      { permissions: ['sales:sync', 'sales:read', 'shift:open'] },
    );
    expect(batch.shiftEventResults).toMatchObject([{ status: 'REJECTED', error: { code: 'FORBIDDEN' } }]);
    expect((await readShift(id))?.status).toBe('OPEN');
  });

  it('rejects unknown shifts and terminals', async () => {
    const unknownShift = await cash({
      id: newId(),
      shiftId: newId(),
      kind: 'CASH_IN',
      amount: '1.00',
      reason: 'x',
    });
    expect(unknownShift.errors).toMatchObject([{ code: 'UNKNOWN_SHIFT' }]);
    const unknownTerminal = await open({ id: newId(), terminalId: newId(), openingFloat: '0.00' });
    expect(unknownTerminal.errors).toMatchObject([{ code: 'UNKNOWN_TERMINAL' }]);
    const badId = await open({ id: 'not-a-uuid', terminalId: TERMINAL, openingFloat: '0.00' });
    expect(badId.errors).toMatchObject([{ code: 'INVALID_ID', field: ['input', 'id'] }]);
    const negative = await open({ id: newId(), terminalId: TERMINAL, openingFloat: '-1.00' });
    expect(negative.errors).toMatchObject([{ code: 'INVALID_AMOUNT', field: ['input', 'openingFloat'] }]);
    // A movement for a shift of another terminal, uploaded by this terminal.
    const foreign = (
      await gql<{ openShift: ShiftOut | null }>(h, 'query($t: ID!) { openShift(terminalId: $t) { id } }', {
        t: TERMINAL_2,
      })
    ).openShift!;
    const batch = await syncAll({
      terminalId: TERMINAL,
      shiftEvents: [
        {
          kind: 'CASH_IN',
          id: newId(),
          shiftId: foreign.id,
          at: minutesFromNow(0),
          amount: '1.00',
          reason: 'x',
        },
      ],
    });
    expect(batch.shiftEventResults).toMatchObject([{ status: 'REJECTED', error: { code: 'UNKNOWN_SHIFT' } }]);
  });
});

describe('overdue shifts and listings', () => {
  it('flags a shift open for more than 24 hours and filters by it', async () => {
    const terminal = newId();
    await addTerminal(h.db, terminal);
    const id = newId();
    await open({ id, terminalId: terminal, openingFloat: '0.00' });
    expect((await readShift(id))?.overdue).toBe(false);
    await h.db.admin("UPDATE sales.shift SET opened_at = now() - interval '25 hours' WHERE id = $1", [id]);
    expect((await readShift(id))?.overdue).toBe(true);

    const list = await gql<{ shifts: { edges: { node: { id: string; overdue: boolean } }[] } }>(
      h,
      'query { shifts(first: 250, filter: { overdue: true }) { edges { node { id overdue } } } }',
    );
    expect(list.shifts.edges.map((e) => e.node.id)).toEqual([id]);
    const notOverdue = await gql<{ shifts: { edges: { node: { id: string } }[] } }>(
      h,
      'query { shifts(first: 250, filter: { overdue: false }) { edges { node { id } } } }',
    );
    expect(notOverdue.shifts.edges.map((e) => e.node.id)).not.toContain(id);
    // Closing ends the overdue state.
    await close({ shiftId: id, countedCash: '0.00' });
    expect((await readShift(id))?.overdue).toBe(false);
  });

  it('pages shifts newest first without skips or repeats, and serves Store.shifts through _entities', async () => {
    const terminal = newId();
    await addTerminal(h.db, terminal);
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const id = newId();
      ids.push(id);
      // Same opening time for two of them: the id breaks the tie.
      await open({
        id,
        terminalId: terminal,
        openingFloat: '0.00',
        at: i < 2 ? '2026-01-01T08:00:00.000Z' : `2026-01-0${i}T09:00:00.123Z`,
      });
      await close({ shiftId: id, countedCash: '0.00' });
    }
    const expected = [...ids.slice(2).reverse(), ...ids.slice(0, 2).sort().reverse()];
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: {
        shifts: { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
      } = await gql(
        h,
        'query($after: String, $t: ID) { shifts(first: 2, after: $after, filter: { terminalId: $t }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
        {
          after,
          t: terminal,
        },
      );
      seen.push(...page.shifts.edges.map((e) => e.node.id));
      if (!page.shifts.pageInfo.hasNextPage) break;
      after = page.shifts.pageInfo.endCursor;
    }
    expect(seen).toEqual(expected);

    const entities = await gql<{
      _entities: { id: string; shifts: { edges: { node: { id: string; status: string } }[] } }[];
    }>(
      h,
      `query($reps: [_Any!]!) { _entities(representations: $reps) {
         ... on Store { id shifts(first: 250, status: OPEN) { edges { node { id status } } } } } }`,
      { reps: [{ __typename: 'Store', id: STORE }] },
    );
    const open_ = entities._entities[0]!.shifts.edges.map((e) => e.node);
    expect(open_.length).toBeGreaterThan(0);
    expect(open_.every((s) => s.status === 'OPEN')).toBe(true);
    expect(open_.map((s) => s.id)).not.toContain(ids[0]);
  });

  it('lists a shift’s sales through Shift.sales and keeps other tenants out', async () => {
    const tB = await gql<{ shifts: { edges: unknown[] } }>(
      h,
      'query { shifts(first: 250) { edges { cursor } } }',
      {},
      {
        tenantId: '0190a000-0000-7000-8000-00000000000b',
      },
    );
    expect(tB.shifts.edges).toEqual([]);
    const shiftId = (
      await gql<{ openShift: { id: string } | null }>(
        h,
        'query($t: ID!) { openShift(terminalId: $t) { id } }',
        {
          t: TERMINAL_2,
        },
      )
    ).openShift!.id;
    const sale = makeSale({ shiftId, createdAt: minutesFromNow(-1) });
    await h.sync([sale], { terminalId: TERMINAL_2 });
    const read = await gql<{ shift: { sales: { edges: { node: { id: string } }[] } } }>(
      h,
      'query($id: ID!) { shift(id: $id) { sales(first: 10) { edges { node { id } } } } }',
      { id: shiftId },
    );
    expect(read.shift.sales.edges.map((e) => e.node.id)).toEqual([sale.id]);
  });
});

describe('event contracts', () => {
  it('every shift.closed this file wrote follows its contract', async () => {
    const check = await checkLoggedEvents(h.db.admin, ['shift.closed']);
    expect(check.problems).toEqual([]);
    expect(check.counts['shift.closed']).toBeGreaterThan(0);
  });
});
