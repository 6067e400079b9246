/**
 * Issue 14's checks of a synced sale against who sold it and what the catalog says: a discount by
 * a cashier without `sales:discount` is stored and flagged (judged by the caller's token, or by
 * identity's `staff.upserted` events for another cashier), cash for cashless-only goods is refused
 * when the sender knew and flagged when its catalog was older, and marking codes are one per unit.
 */
import { newId } from '@jowi/server-kit';
import { identityHeaders, postGraphQL, staffIdentity } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  NON,
  PLOV,
  type SaleJson,
  type SalesHarness,
  startSalesHarness,
  TENANT_A,
  TERMINAL,
} from './sales.fixtures.ts';

let h: SalesHarness;
const WINE = '0190a000-0000-7000-8000-0000000000d7';
const CIGARETTES = '0190a000-0000-7000-8000-0000000000d8';

const SYNC = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code } results { id status error { code field } sale { id flags lines { markingCodes } } } } }`;

interface Result {
  id: string;
  status: string;
  error: { code: string; field: string[] | null } | null;
  sale: { id: string; flags: string[]; lines: { markingCodes: string[] }[] } | null;
}

async function sync(sales: SaleJson[], permissions = ['sales:sync', 'sales:read']): Promise<Result[]> {
  const res = await postGraphQL<{ syncSales: { errors: unknown[]; results: Result[] } }>(
    h.service.url,
    SYNC,
    { input: { terminalId: TERMINAL, sales } },
    await identityHeaders(h.keys, staffIdentity(TENANT_A, permissions, ['cashier'])),
  );
  expect(res.body.errors).toBeUndefined();
  expect(res.body.data!.syncSales.errors).toEqual([]);
  // The sales of this file belong to no shift: only the review flags are of interest.
  return res.body.data!.syncSales.results.map((r) =>
    r.sale ? { ...r, sale: { ...r.sale, flags: r.sale.flags.filter((f) => f !== 'NO_SHIFT') } } : r,
  );
}

/** A product in the catalog projection, as catalog's events leave it (change-feed `seq`). */
async function product(
  id: string,
  facts: { cashlessOnly?: boolean; markingRequired?: boolean; seq: number },
) {
  await h.db.admin(
    `INSERT INTO sales.product_ref (tenant_id, id, name, ikpu, package_code, owner_type, vat_rate,
       cashless_only, marking_required, seq)
     VALUES ($1, $2, 'Goods', '11001001001000000', '1500', 'RESALE', 12, $3, $4, $5)`,
    [TENANT_A, id, facts.cashlessOnly ?? false, facts.markingRequired ?? false, facts.seq],
  );
}

/** One unit of `productId` at 100 000, paid as `method`. */
function saleOf(productId: string, method: string, extra: Partial<SaleJson> = {}): SaleJson {
  return makeSale({
    lines: [{ productId, quantity: '1.000', unitPrice: '100000.00' }],
    payments: [{ method, amount: '100000.00' }],
    total: '100000.00',
    ...extra,
  });
}

/** Waits until the running directory consumer has applied identity's event for `staffId`. */
async function staffKnown(staffId: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const rows = await h.db.admin('SELECT 1 FROM sales.staff_ref WHERE id = $1', [staffId]);
    if (rows.length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect.fail(`staff ${staffId} never reached the projection`);
}

beforeAll(async () => {
  h = await startSalesHarness();
  await product(WINE, { cashlessOnly: true, seq: 40 });
  await product(CIGARETTES, { cashlessOnly: true, markingRequired: true, seq: 41 });
});
afterAll(async () => {
  await h?.close();
});

describe('discounts and sales:discount', () => {
  // makeSale has a 500.00 line discount.
  it('stores a discounted sale of a caller without sales:discount, flagged DISCOUNT_NOT_PERMITTED', async () => {
    const [result] = await sync([makeSale()]);
    expect(result).toMatchObject({ status: 'CREATED', sale: { flags: ['DISCOUNT_NOT_PERMITTED'] } });
  });

  it('does not flag the discount of a caller who holds sales:discount, nor a sale without discount', async () => {
    const [discounted] = await sync([makeSale()], ['sales:sync', 'sales:discount']);
    expect(discounted).toMatchObject({ status: 'CREATED', sale: { flags: [] } });
    const plain = makeSale({
      lines: [{ productId: PLOV, quantity: '1.000', unitPrice: '45000.00' }],
      payments: [{ method: 'CARD', amount: '45000.00' }],
      total: '45000.00',
    });
    const [result] = await sync([plain]);
    expect(result).toMatchObject({ status: 'CREATED', sale: { flags: [] } });
  });

  it("judges another cashier's discount by identity's staff.upserted events, not by the uploader", async () => {
    const [manager, cashier, unknown] = [newId(), newId(), newId()];
    for (const [staffId, permissions] of [
      [manager, ['sales:sync', 'sales:discount']],
      [cashier, ['sales:sync']],
    ] as const) {
      await h.db.admin(
        `INSERT INTO events.event (tenant_id, type, aggregate_id, payload, source)
         VALUES ($1, 'staff.upserted', $2, $3, 'identity')`,
        [TENANT_A, staffId, JSON.stringify({ staffId, permissions, active: true })],
      );
    }
    await staffKnown(manager);
    await staffKnown(cashier);
    // Uploaded by a caller who may discount: it does not vouch for the others.
    const results = await sync(
      [makeSale({ cashierId: manager }), makeSale({ cashierId: cashier }), makeSale({ cashierId: unknown })],
      ['sales:sync', 'sales:discount'],
    );
    expect(results.map((r) => [r.status, r.sale?.flags])).toEqual([
      ['CREATED', []],
      ['CREATED', ['DISCOUNT_NOT_PERMITTED']],
      ['CREATED', ['DISCOUNT_NOT_PERMITTED']],
    ]);
  });
});

describe('cashless-only goods', () => {
  it('refuses cash for them when the sender knew (no catalog version, or one at or after the change)', async () => {
    const results = await sync([
      saleOf(WINE, 'CASH'),
      saleOf(WINE, 'CASH', { catalogVersion: '40' }),
      saleOf(WINE, 'CASH', { catalogVersion: '99' }),
    ]);
    for (const [i, result] of results.entries()) {
      expect(result).toMatchObject({
        status: 'REJECTED',
        error: { code: 'CASH_FOR_CASHLESS', field: ['input', 'sales', String(i), 'payments'] },
      });
      expect((await h.counts(result.id)).sales).toBe(0);
    }
  });

  it('stores and flags a till sale priced with an older catalog; card is always fine', async () => {
    const stale = saleOf(WINE, 'CASH', { catalogVersion: '39' });
    const card = saleOf(WINE, 'CARD');
    const [staleResult, cardResult] = await sync([stale, card]);
    expect(staleResult).toMatchObject({ status: 'CREATED', sale: { flags: ['CASH_FOR_CASHLESS'] } });
    expect(cardResult).toMatchObject({ status: 'CREATED', sale: { flags: [] } });
  });
});

describe('marking codes', () => {
  const marked = (quantity: string, codes: string[]): SaleJson =>
    makeSale({
      lines: [{ productId: CIGARETTES, quantity, unitPrice: '30000.00', markingCodes: codes }],
      payments: [{ method: 'CARD', amount: (30000 * Number(quantity)).toFixed(2) }],
      total: (30000 * Number(quantity)).toFixed(2),
    });

  it('stores one code per unit on the line and in sale.created', async () => {
    const sale = marked('2.000', ['0104780000000017215abc', '0104780000000017215abd']);
    const [result] = await sync([sale]);
    expect(result).toMatchObject({
      status: 'CREATED',
      sale: { flags: [], lines: [{ markingCodes: ['0104780000000017215abc', '0104780000000017215abd'] }] },
    });
    const [event] = await h.db.admin<{ codes: string[] }>(
      `SELECT payload->'lines'->0->'markingCodes' AS codes FROM events.event
        WHERE type = 'sale.created' AND aggregate_id = $1`,
      [sale.id],
    );
    expect(event!.codes).toEqual(['0104780000000017215abc', '0104780000000017215abd']);
  });

  it('refuses codes that are not one per unit, malformed or repeated (INVALID_MARKING_CODES)', async () => {
    const bad = [
      marked('2.000', ['code-1']),
      marked('1.000', ['has space']),
      marked('1.000', ['x'.repeat(64)]),
      makeSale({
        lines: [
          { productId: CIGARETTES, quantity: '1.000', unitPrice: '100.00', markingCodes: ['same'] },
          { productId: CIGARETTES, quantity: '1.000', unitPrice: '100.00', markingCodes: ['same'] },
        ],
        payments: [{ method: 'CARD', amount: '200.00' }],
        total: '200.00',
      }),
    ];
    const results = await sync(bad);
    expect(results.map((r) => [r.status, r.error?.code])).toEqual(
      bad.map(() => ['REJECTED', 'INVALID_MARKING_CODES']),
    );
  });

  it('flags a line of a product that requires marking but came without codes', async () => {
    const [result] = await sync([marked('1.000', [])]);
    expect(result).toMatchObject({ status: 'CREATED', sale: { flags: ['MISSING_MARKING_CODES'] } });
  });

  it('keeps a resend with the same codes DUPLICATE and one with other codes CONFLICT', async () => {
    const sale = marked('1.000', ['resend-code-1']);
    expect((await sync([sale]))[0]!.status).toBe('CREATED');
    expect((await sync([sale]))[0]!.status).toBe('DUPLICATE');
    const changed = { ...sale, lines: [{ ...sale.lines[0]!, markingCodes: ['resend-code-2'] }] };
    expect((await sync([changed]))[0]!.status).toBe('CONFLICT');
  });
});

it('leaves NON (no marking, not cashless) alone', async () => {
  const [result] = await sync([saleOf(NON, 'CASH')], ['sales:sync']);
  expect(result).toMatchObject({ status: 'CREATED', sale: { flags: [] } });
});
