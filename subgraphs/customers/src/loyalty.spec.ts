import { currentVersion } from '@jowi/events';
import { exampleSaleCreated, exampleSaleRefunded } from '@jowi/events/testing';
import { insertEvents, inTenant, newId, requestRetry } from '@jowi/server-kit';
import { checkLoggedEvents } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allEntries,
  CASHIER,
  createCustomer,
  drain,
  gql,
  type Harness,
  loyaltyOf,
  saleCreated,
  saleRefunded,
  setProgram,
  startHarness,
  TENANT_A,
  TENANT_B,
  TERMINAL_2,
} from './customers.fixtures.ts';
import { applyLoyaltyEvent, type LoyaltyEvent, saleWithoutCustomer, verifyLoyaltyAccounts } from './index.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  // 5 % base, at most half a receipt in points; Gold from 1 000 000.00 of spend earns 10 %.
  await setProgram(h, {
    accrualBps: 500,
    maxRedeemPercent: 50,
    tiers: [{ name: 'Gold', minSpend: '1000000.00', accrualBps: 1000 }],
  });
});

afterAll(async () => {
  await h?.close();
});

const verify = () => inTenant(h.service.dataSource!, TENANT_A, (m) => verifyLoyaltyAccounts(m));

describe('loyalty from sales events', () => {
  it('accrues on money paid, records redemptions, and reverses refunds proportionally (round trip)', async () => {
    const customer = await createCustomer(h, { phone: '+998901110001', name: 'Aziz' });
    // 100 000.00 in cash: 5 % → 5 000.00 points.
    await saleCreated(h, { customerId: customer, total: '100000.00' });
    // 20 000.00 paid 3 000.00 in points + 17 000.00 by card: −3 000.00, then 5 % of 17 000.00 = +850.00.
    const sale2 = await saleCreated(h, {
      customerId: customer,
      total: '20000.00',
      payments: [
        { method: 'LOYALTY', amount: '3000.00' },
        { method: 'CARD', amount: '17000.00' },
      ],
    });
    await drain(h);
    expect(await loyaltyOf(h, customer)).toMatchObject({
      balance: '2850.00', // 5000 − 3000 + 850
      lifetimeSpend: '117000.00',
      overdrawn: false,
    });

    // A quarter refunded: −212.50 of the accrual, +750.00 of the redemption given back.
    await saleRefunded(h, { saleId: sale2, total: '5000.00', customerId: customer });
    await drain(h);
    expect((await loyaltyOf(h, customer)).balance).toBe('3387.50');

    // The rest: the whole accrual is reversed and the whole redemption returned.
    await saleRefunded(h, { saleId: sale2, total: '15000.00', customerId: customer });
    await drain(h);
    expect(await loyaltyOf(h, customer)).toMatchObject({ balance: '5000.00', lifetimeSpend: '100000.00' });

    const view = await gql<{
      _entities: { loyalty: Record<string, string>; customer: { id: string } }[];
    }>(
      h,
      `query($r: [_Any!]!) { _entities(representations: $r) { ... on Sale {
         customer { id } loyalty { accrued redeemed accrualReversed redemptionReturned } } } }`,
      { r: [{ __typename: 'Sale', id: sale2, customerId: customer }] },
    );
    expect(view.data?._entities[0]).toEqual({
      customer: { id: customer },
      loyalty: {
        accrued: '850.00',
        redeemed: '3000.00',
        accrualReversed: '850.00',
        redemptionReturned: '3000.00',
      },
    });
    expect(await verify()).toEqual([]);
  });

  it('rounds refunds on the cumulative amount, so partial refunds add up to the exact accrual', async () => {
    const customer = await createCustomer(h, { phone: '+998901110002' });
    // 1 000.01 at 5 % = 5 000.05 tiyin → 50.00 points (rounded down).
    const sale = await saleCreated(h, { customerId: customer, total: '1000.01' });
    for (const part of ['333.33', '333.33', '333.35']) await saleRefunded(h, { saleId: sale, total: part });
    await drain(h);
    const reversals = (await allEntries(h)).filter((e) => e.sale_id === sale && e.kind === 'REVERSAL');
    // ⌊5000 × 33333 / 100001⌋ = 1666, then 3333 − 1666 = 1667, then 5000 − 3333 = 1667: never 3 × 1666.
    expect(reversals.map((e) => e.points).sort()).toEqual(['-1666', '-1667', '-1667']);
    expect((await loyaltyOf(h, customer)).balance).toBe('0.00');
    expect(await verify()).toEqual([]);
  });

  it('applies the same event twice into one ledger entry, and a duplicated event too', async () => {
    const customer = await createCustomer(h, { phone: '+998901110003' });
    const saleId = newId();
    const event: LoyaltyEvent = {
      id: 999_999n,
      tenantId: TENANT_A,
      type: 'sale.created',
      version: 1,
      aggregateId: saleId,
      source: 'sales',
      createdAt: new Date(),
      payload: exampleSaleCreated({
        saleId,
        customerId: customer,
        total: '10000.00',
        payments: [
          { method: 'LOYALTY', amount: '100.00' },
          { method: 'CASH', amount: '9900.00' },
        ],
      }),
    };
    const apply = () => inTenant(h.service.dataSource!, TENANT_A, (m) => applyLoyaltyEvent(m, event));
    expect(await apply()).toBe('APPLIED');
    expect(await apply()).toBe('DUPLICATE');
    // The log itself carrying the sale twice (a re-sent outbox row) changes nothing either.
    await saleCreated(h, { saleId, customerId: customer, total: '10000.00' });
    await drain(h);
    const entries = (await allEntries(h)).filter((e) => e.sale_id === saleId);
    expect(entries.map((e) => `${e.kind}:${e.points}`).sort()).toEqual([
      'ACCRUAL:49500',
      'REDEMPTION:-10000',
    ]);
    expect((await loyaltyOf(h, customer)).balance).toBe('395.00'); // −100.00 (overdraft) + 495.00

    const refund = exampleSaleRefunded({ saleId, total: '10000.00', customerId: customer });
    const refundEvent: LoyaltyEvent = { ...event, id: 1_000_000n, type: 'sale.refunded', payload: refund };
    const applyRefund = () =>
      inTenant(h.service.dataSource!, TENANT_A, (m) => applyLoyaltyEvent(m, refundEvent));
    expect(await applyRefund()).toBe('APPLIED');
    expect(await applyRefund()).toBe('DUPLICATE');
    expect((await loyaltyOf(h, customer)).balance).toBe('0.00');
    expect(await verify()).toEqual([]);
  });

  it('records an overdraft from two offline terminals, flags the customer and emits loyalty.overdraft', async () => {
    const customer = await createCustomer(h, { phone: '+998901110004' });
    await saleCreated(h, { customerId: customer, total: '20000.00' }); // +1 000.00
    await drain(h);
    // Both terminals saw 1 000.00 and each redeemed 800.00 while offline.
    const redeem = (terminalId?: string) =>
      saleCreated(h, {
        customerId: customer,
        terminalId,
        total: '800.00',
        payments: [{ method: 'LOYALTY', amount: '800.00' }],
      });
    await redeem();
    const second = await redeem(TERMINAL_2);
    await drain(h);
    const loyalty = await loyaltyOf(h, customer);
    expect(loyalty).toMatchObject({ balance: '-600.00', overdrawn: true, overdrafts: 1 });
    const entries = (await allEntries(h)).filter(
      (e) => e.customer_id === customer && e.kind === 'REDEMPTION',
    );
    expect(entries.map((e) => e.points)).toEqual(['-80000', '-80000']);
    const events = await h.db.admin<{ payload: Record<string, string> }>(
      `SELECT payload FROM events.event WHERE type = 'loyalty.overdraft' AND aggregate_id = $1`,
      [customer],
    );
    expect(events.map((e) => e.payload)).toEqual([
      {
        customerId: customer,
        saleId: second,
        redeemed: '80000',
        balanceBefore: '20000',
        balanceAfter: '-60000',
      },
    ]);
    expect(await verify()).toEqual([]);
  });

  it('passes over a sale without a customer without parsing it: even a malformed one is not parked here', async () => {
    const customer = await createCustomer(h, { phone: '+998901110071' });
    // A customer-less sale whose lines break the contract (inventory parks it; loyalty has nothing
    // to do with it), then a sale of a customer.
    const [bad] = await inTenant(h.sales, TENANT_A, (m) =>
      insertEvents(m, [
        {
          tenantId: TENANT_A,
          type: 'sale.created',
          version: currentVersion('sale.created'),
          aggregateId: newId(),
          payload: { ...exampleSaleCreated({ customerId: null }), lines: 'not lines' },
          source: 'sales',
        },
      ]),
    );
    await saleCreated(h, { customerId: customer, total: '2000.00' });
    expect(await drain(h)).toBeGreaterThanOrEqual(2);
    expect((await loyaltyOf(h, customer)).balance).toBe('100.00');
    expect(
      await h.db.admin('SELECT 1 FROM events.parked_event WHERE event_id = $1', [bad!.toString()]),
    ).toEqual([]);
    // What counts as a sale without a customer: a null (or absent) customerId in an object.
    expect(saleWithoutCustomer({ customerId: null })).toBe(true);
    expect(saleWithoutCustomer({ customerId: customer })).toBe(false);
    expect(saleWithoutCustomer('not an object')).toBe(false);
  });

  it('parks a sale of an unknown customer and its refund, keeps going, and applies both once retried after the fix', async () => {
    const ghost = newId();
    const ghostSale = await saleCreated(h, { customerId: ghost, total: '5000.00' });
    await saleRefunded(h, { saleId: ghostSale, total: '1000.00', customerId: ghost });
    const customer = await createCustomer(h, { phone: '+998901110005' });
    await saleCreated(h, { customerId: customer, total: '2000.00' });
    await drain(h);
    // The later sale got through; the ghost's sale and refund are parked, not lost.
    expect((await loyaltyOf(h, customer)).balance).toBe('100.00');
    const parked = () =>
      h.db.admin<{ type: string; state: string; attempts: number; error: string }>(
        `SELECT type, state, attempts, error FROM events.parked_event WHERE consumer = 'jowi_customers:loyalty'
          ORDER BY event_id`,
      );
    expect(await parked()).toEqual([
      {
        type: 'sale.created',
        state: 'PARKED',
        attempts: 5,
        error: `UNKNOWN_CUSTOMER: sale ${ghostSale} names customer ${ghost}, unknown here`,
      },
      expect.objectContaining({
        type: 'sale.refunded',
        state: 'PARKED',
        error: expect.stringMatching(/^NO_SALE_ENTRY/),
      }),
    ]);

    // The customer arrives (here: written directly); an owner asks for a retry of both.
    await h.db.admin('INSERT INTO customers.customer (tenant_id, id, phone) VALUES ($1, $2, $3)', [
      TENANT_A,
      ghost,
      '+998901110099',
    ]);
    const retried = await inTenant(h.service.dataSource!, TENANT_A, (m) =>
      requestRetry(m, { consumer: 'jowi_customers:loyalty', requestedBy: 'staff:owner' }),
    );
    expect(retried.map((r) => r.type)).toEqual(['sale.created', 'sale.refunded']);
    expect(await drain(h)).toBe(2);
    expect(await parked()).toEqual([]);
    // 5 000.00 at 5 % = 250.00, less the refund's fifth: 200.00.
    expect((await loyaltyOf(h, ghost)).balance).toBe('200.00');
    // Once: a second request finds nothing to retry.
    expect(
      await inTenant(h.service.dataSource!, TENANT_A, (m) =>
        requestRetry(m, { consumer: 'jowi_customers:loyalty', requestedBy: 'staff:owner' }),
      ),
    ).toEqual([]);
    expect(await drain(h)).toBe(0);
    expect((await allEntries(h)).filter((e) => e.sale_id === ghostSale)).toHaveLength(2);
    expect(await verify()).toEqual([]);
  });

  it('accrues at the tier rate once the lifetime spend reaches it', async () => {
    const customer = await createCustomer(h, { phone: '+998901110006' });
    await saleCreated(h, { customerId: customer, total: '1000000.00' }); // base 5 %: 50 000.00
    await saleCreated(h, { customerId: customer, total: '10000.00' }); // Gold 10 %: 1 000.00
    await drain(h);
    expect(await loyaltyOf(h, customer)).toMatchObject({
      balance: '51000.00',
      lifetimeSpend: '1010000.00',
      tier: { name: 'Gold' },
    });
  });

  it('quotes and validates a redemption online with typed errors', async () => {
    const customer = await createCustomer(h, { phone: '+998901110007' });
    await saleCreated(h, { customerId: customer, total: '40000.00' }); // 2 000.00 points
    await drain(h);
    const quote = await gql<{ loyaltyQuote: { balance: string; maxRedeemable: string; accrualBps: number } }>(
      h,
      'query($id: ID!) { loyaltyQuote(customerId: $id, total: "3000.00") { balance maxRedeemable accrualBps } }',
      { id: customer },
      { permissions: CASHIER },
    );
    expect(quote.data?.loyaltyQuote).toEqual({
      balance: '2000.00',
      maxRedeemable: '1500.00',
      accrualBps: 500,
    });

    const validate = (points: string, saleTotal: string) =>
      gql<{
        validateRedemption: {
          ok: boolean;
          errors: { __typename: string; code: string; balance?: string; maxPoints?: string }[];
        };
      }>(
        h,
        `query($input: ValidateRedemptionInput!) { validateRedemption(input: $input) { ok errors { __typename code
           ... on InsufficientPointsError { balance } ... on OverMaxShareError { maxPoints } } } }`,
        { input: { customerId: customer, points, saleTotal } },
        { permissions: CASHIER },
      ).then((r) => r.data!.validateRedemption);
    expect(await validate('1000.00', '3000.00')).toEqual({ ok: true, errors: [] });
    expect(await validate('2500.00', '10000.00')).toEqual({
      ok: false,
      errors: [{ __typename: 'InsufficientPointsError', code: 'INSUFFICIENT_POINTS', balance: '2000.00' }],
    });
    expect(await validate('1600.00', '3000.00')).toEqual({
      ok: false,
      errors: [{ __typename: 'OverMaxShareError', code: 'OVER_MAX_SHARE', maxPoints: '1500.00' }],
    });
    expect((await validate('0.00', '3000.00')).errors.map((e) => e.code)).toEqual(['INVALID_POINTS']);
    const unknown = await gql<{ validateRedemption: { errors: { code: string }[] } }>(
      h,
      'query($input: ValidateRedemptionInput!) { validateRedemption(input: $input) { errors { code } } }',
      { input: { customerId: newId(), points: '1.00', saleTotal: '10.00' } },
    );
    expect(unknown.data?.validateRedemption.errors.map((e) => e.code)).toEqual(['UNKNOWN_CUSTOMER']);
    const malformed = await gql<{ validateRedemption: { errors: { code: string }[] } }>(
      h,
      'query($input: ValidateRedemptionInput!) { validateRedemption(input: $input) { errors { code } } }',
      { input: { customerId: 'c-1', points: '1.00', saleTotal: '10.00' } },
    );
    expect(malformed.data?.validateRedemption.errors.map((e) => e.code)).toEqual(['INVALID_ID']);
  });

  it('adjusts points by hand once per idempotency key, audited', async () => {
    const customer = await createCustomer(h, { phone: '+998901110008' });
    const adjust = `mutation($input: AdjustLoyaltyPointsInput!) { adjustLoyaltyPoints(input: $input) {
      entry { kind points reason } customer { loyalty { balance } } errors { code } } }`;
    const input = {
      customerId: customer,
      points: '250.00',
      reason: 'Birthday gift',
      idempotencyKey: newId(),
    };
    for (let i = 0; i < 2; i++) {
      const res = await gql<{ adjustLoyaltyPoints: unknown }>(h, adjust, { input });
      expect(res.data?.adjustLoyaltyPoints).toEqual({
        entry: { kind: 'ADJUSTMENT', points: '250.00', reason: 'Birthday gift' },
        customer: { loyalty: { balance: '250.00' } },
        errors: [],
      });
    }
    const audit = await h.db.admin('SELECT 1 FROM audit.entry WHERE action = $1 AND entity_id = $2', [
      'loyalty.adjusted',
      customer,
    ]);
    expect(audit).toHaveLength(1);
    // A missing reason has the code sales gives it; a malformed customer id is INVALID_ID.
    const refused = await gql<{ adjustLoyaltyPoints: { errors: { code: string }[] } }>(h, adjust, {
      input: { ...input, customerId: 'c-1', reason: '  ', idempotencyKey: newId() },
    });
    expect(refused.data?.adjustLoyaltyPoints.errors.map((e) => e.code)).toEqual([
      'INVALID_ID',
      'REASON_REQUIRED',
    ]);
    const cashier = await gql(
      h,
      adjust,
      { input: { ...input, idempotencyKey: newId() } },
      {
        permissions: CASHIER,
        allowErrors: true,
      },
    );
    expect(cashier.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('rejects an invalid program and needs reports:read with customers:write to set one', async () => {
    const set = `mutation($input: SetLoyaltyProgramInput!) { setLoyaltyProgram(input: $input) { program { version } errors { code field } } }`;
    const bad = await gql<{ setLoyaltyProgram: { errors: { code: string; field: string[] }[] } }>(h, set, {
      input: {
        enabled: true,
        accrualBps: 20000,
        maxRedeemPercent: 101,
        tiers: [
          { name: 'A', minSpend: '100.00', accrualBps: 100 },
          { name: 'A', minSpend: '200.00', accrualBps: 100 },
        ],
      },
    });
    expect(bad.data?.setLoyaltyProgram.errors.map((e) => e.code)).toEqual([
      'INVALID_ACCRUAL_RATE',
      'INVALID_MAX_SHARE',
      'INVALID_TIERS',
    ]);
    const denied = await gql(
      h,
      set,
      { input: { enabled: true, accrualBps: 100, maxRedeemPercent: 10 } },
      {
        permissions: CASHIER,
        allowErrors: true,
      },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const program = await gql<{ loyaltyProgram: { accrualBps: number; tiers: { minSpend: string }[] } }>(
      h,
      '{ loyaltyProgram { accrualBps tiers { minSpend } } }',
      {},
      { permissions: CASHIER },
    );
    expect(program.data?.loyaltyProgram).toEqual({ accrualBps: 500, tiers: [{ minSpend: '1000000.00' }] });
  });

  it("keeps tenant B's ledger and program apart from tenant A's", async () => {
    const a = await createCustomer(h, { phone: '+998901110009' });
    await saleCreated(h, { customerId: a, total: '1000.00' }, TENANT_B); // A's customer id in B: unknown there
    await drain(h);
    expect((await loyaltyOf(h, a)).balance).toBe('0.00');
    const b = await gql<{ loyaltyProgram: unknown }>(
      h,
      '{ loyaltyProgram { version } }',
      {},
      { tenant: TENANT_B },
    );
    expect(b.data?.loyaltyProgram).toBeNull();
    const versionsB = await gql<{ loyaltyProgramVersions: unknown[] }>(
      h,
      '{ loyaltyProgramVersions { version } }',
      {},
      { tenant: TENANT_B },
    );
    expect(versionsB.data?.loyaltyProgramVersions).toEqual([]);
  });

  it('lists program versions newest first, as many as asked (1–100), to customers:read', async () => {
    const query = 'query($last: Int) { loyaltyProgramVersions(last: $last) { version accrualBps enabled } }';
    type Versions = { loyaltyProgramVersions: { version: number; accrualBps: number; enabled: boolean }[] };
    const before = (await gql<Versions>(h, query, { last: 100 })).data!.loyaltyProgramVersions;
    const current = await gql<{ loyaltyProgram: { version: number; accrualBps: number } }>(
      h,
      '{ loyaltyProgram { version accrualBps } }',
    );
    expect(before[0]).toMatchObject(current.data!.loyaltyProgram);
    expect(before.map((v) => v.version)).toEqual([...before.keys()].map((i) => before[0]!.version - i));
    await setProgram(h, { accrualBps: 777, maxRedeemPercent: 50 });
    await setProgram(h, { accrualBps: current.data!.loyaltyProgram.accrualBps, maxRedeemPercent: 100 });
    const last2 = (await gql<Versions>(h, query, { last: 2 }, { permissions: CASHIER })).data!;
    expect(last2.loyaltyProgramVersions).toEqual([
      { version: before[0]!.version + 2, accrualBps: current.data!.loyaltyProgram.accrualBps, enabled: true },
      { version: before[0]!.version + 1, accrualBps: 777, enabled: true },
    ]);
    expect((await gql<Versions>(h, query, { last: 0 })).data!.loyaltyProgramVersions).toHaveLength(1);
    const denied = await gql(h, query, {}, { permissions: ['sales:sync'], allowErrors: true });
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('ledger grants', () => {
  it('never lets the runtime role rewrite or delete ledger amounts', async () => {
    const ds = h.service.dataSource!;
    await expect(
      inTenant(ds, TENANT_A, (m) => m.query('UPDATE customers.loyalty_entry SET points = 0')),
    ).rejects.toThrow(/permission denied/);
    await expect(
      inTenant(ds, TENANT_A, (m) => m.query('DELETE FROM customers.loyalty_entry')),
    ).rejects.toThrow(/permission denied/);
  });
});

describe('event contracts', () => {
  it('every loyalty.overdraft this file wrote follows its contract', async () => {
    const check = await checkLoggedEvents(h.db.admin, ['loyalty.overdraft']);
    expect(check.problems).toEqual([]);
    expect(check.counts['loyalty.overdraft']).toBeGreaterThan(0);
  });
});
