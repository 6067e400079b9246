import { createConsumer, inTenant, newId } from '@jowi/server-kit';
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
} from './customers.fixtures.ts';
import { loyaltyConsumer, verifyLoyaltyAccounts } from './index.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
  await setProgram(h, { accrualBps: 1000, maxRedeemPercent: 100 }); // 10 %
});

afterAll(async () => {
  await h?.close();
});

const merge = `mutation($input: MergeCustomersInput!) { mergeCustomers(input: $input) {
  customer { id name tags loyalty { balance lifetimeSpend overdrafts } }
  merged { id mergedInto { id } mergedAt loyalty { balance } }
  errors { code field } } }`;

interface MergeOut {
  mergeCustomers: {
    customer: { id: string; name: string | null; tags: string[]; loyalty: Record<string, unknown> } | null;
    merged: {
      id: string;
      mergedInto: { id: string } | null;
      mergedAt: string | null;
      loyalty: { balance: string };
    } | null;
    errors: { code: string; field: string[] }[];
  };
}

describe('mergeCustomers', () => {
  it('folds a duplicate into the kept customer, keeping its ledger history, and routes later sales there', async () => {
    const keep = await createCustomer(h, { phone: '+998907770001', tags: ['vip'] });
    const dup = await createCustomer(h, { phone: '+998977770001', name: 'Malika', tags: ['wholesale'] });
    await saleCreated(h, { customerId: keep, total: '10000.00' }); // +1 000.00
    const dupSale = await saleCreated(h, { customerId: dup, total: '20000.00' }); // +2 000.00
    await saleCreated(h, {
      customerId: dup,
      total: '500.00',
      payments: [{ method: 'LOYALTY', amount: '500.00' }],
    }); // −500.00
    await drain(h);
    const dupEntriesBefore = (await allEntries(h)).filter((e) => e.customer_id === dup);
    expect(dupEntriesBefore).toHaveLength(3); // accrual, redemption, accrual of 0

    const res = await gql<MergeOut>(h, merge, { input: { keepId: keep, mergeId: dup } });
    expect(res.data?.mergeCustomers).toEqual({
      customer: {
        id: keep,
        name: 'Malika', // the kept customer had no name
        tags: ['vip', 'wholesale'],
        loyalty: { balance: '2500.00', lifetimeSpend: '30000.00', overdrafts: 0 },
      },
      merged: {
        id: dup,
        mergedInto: { id: keep },
        mergedAt: expect.any(String),
        loyalty: { balance: '0.00' },
      },
      errors: [],
    });

    // History kept: the same entries, now on the kept customer, each remembering where it came from.
    const entries = await allEntries(h);
    const moved = entries.filter((e) => e.moved_from === dup && e.kind !== 'MERGE');
    expect(moved.map(({ customer_id, moved_from, ...rest }) => rest)).toEqual(
      dupEntriesBefore.map(({ customer_id, moved_from, ...rest }) => rest),
    );
    expect(moved.every((e) => e.customer_id === keep)).toBe(true);
    expect(entries.filter((e) => e.customer_id === dup)).toEqual([]);
    expect(entries.filter((e) => e.kind === 'MERGE')).toEqual([
      expect.objectContaining({ customer_id: keep, source_id: dup, points: '0', moved_from: dup }),
    ]);
    const ledger = await gql<{
      customer: { loyalty: { ledger: { edges: { node: { kind: string; movedFrom: string | null } }[] } } };
    }>(
      h,
      'query($id: ID!) { customer(id: $id) { loyalty { ledger(first: 10) { edges { node { kind movedFrom } } } } } }',
      { id: keep },
    );
    expect(ledger.data?.customer.loyalty.ledger.edges.map((e) => e.node.kind).sort()).toEqual([
      'ACCRUAL',
      'ACCRUAL',
      'ACCRUAL',
      'MERGE',
      'REDEMPTION',
    ]);

    // customer.merged for sales, and an audit entry.
    const events = await h.db.admin<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM events.event WHERE type = 'customer.merged'",
    );
    expect(events.map((e) => e.payload)).toEqual([
      { keepId: keep, mergeId: dup, movedEntries: 3, points: '150000', spend: '2000000' },
    ]);
    const audit = await h.db.admin('SELECT actor FROM audit.entry WHERE action = $1 AND entity_id = $2', [
      'customer.merged',
      keep,
    ]);
    expect(audit).toHaveLength(1);

    // A sale still naming the duplicate (an offline POS) accrues to the kept customer; a refund of
    // a pre-merge sale is reversed there too.
    await saleCreated(h, { customerId: dup, total: '3000.00' }); // +300.00
    await saleRefunded(h, { saleId: dupSale, total: '20000.00' }); // −2 000.00
    await drain(h);
    expect((await loyaltyOf(h, keep)).balance).toBe('800.00');
    expect((await loyaltyOf(h, dup)).balance).toBe('0.00');
    expect(await inTenant(h.service.dataSource!, TENANT_A, (m) => verifyLoyaltyAccounts(m))).toEqual([]);

    // The sale resolves to the kept customer; lookups by the old phone still find the duplicate.
    const sale = await gql<{ _entities: { customer: { id: string } }[] }>(
      h,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on Sale { customer { id } } } }',
      { r: [{ __typename: 'Sale', id: dupSale, customerId: dup }] },
    );
    expect(sale.data?._entities[0]?.customer.id).toBe(keep);
    const byPhone = await gql<{ customerByPhone: { id: string; mergedInto: { id: string } } }>(
      h,
      '{ customerByPhone(phone: "+998977770001") { id mergedInto { id } } }',
    );
    expect(byPhone.data?.customerByPhone).toEqual({ id: dup, mergedInto: { id: keep } });

    // Merged customers are hidden from lists unless asked for, and read-only.
    const list = await gql<{ customers: { edges: { node: { id: string } }[] } }>(
      h,
      'query($f: CustomerFilter) { customers(filter: $f) { edges { node { id } } } }',
      { f: { search: '977770001' } },
    );
    expect(list.data?.customers.edges).toEqual([]);
    const withMerged = await gql<{ customers: { edges: { node: { id: string } }[] } }>(
      h,
      'query($f: CustomerFilter) { customers(filter: $f) { edges { node { id } } } }',
      { f: { search: '977770001', includeMerged: true } },
    );
    expect(withMerged.data?.customers.edges.map((e) => e.node.id)).toEqual([dup]);
    const update = await gql<{ updateCustomer: { errors: { code: string }[] } }>(
      h,
      'mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) { errors { code } } }',
      { input: { id: dup, name: 'x' } },
    );
    expect(update.data?.updateCustomer.errors.map((e) => e.code)).toEqual(['CUSTOMER_MERGED']);
  });

  it('loses nothing when a merge races the consumer applying the duplicate’s sales', async () => {
    const keep = await createCustomer(h, { phone: '+998907770031' });
    const dup = await createCustomer(h, { phone: '+998907770032' });
    for (let i = 0; i < 60; i++) await saleCreated(h, { customerId: i % 2 ? dup : keep, total: '1000.00' });
    // Small batches, so the merge lands between (or waits for) the consumer's transactions.
    const consumer = createConsumer({ ...loyaltyConsumer, batchSize: 3, dataSource: h.service.dataSource! });
    const [, res] = await Promise.all([
      consumer.runUntilIdle(),
      gql<MergeOut>(h, merge, { input: { keepId: keep, mergeId: dup } }),
    ]);
    expect(res.data?.mergeCustomers.errors).toEqual([]);
    await drain(h);
    expect((await loyaltyOf(h, keep)).balance).toBe('6000.00'); // 60 × 10 % of 1 000.00
    expect((await loyaltyOf(h, dup)).balance).toBe('0.00');
    expect((await allEntries(h)).filter((e) => e.customer_id === dup)).toEqual([]);
    expect(await inTenant(h.service.dataSource!, TENANT_A, (m) => verifyLoyaltyAccounts(m))).toEqual([]);
  });

  it('flattens chains: merging the kept customer again carries the earlier duplicate along', async () => {
    const a = await createCustomer(h, { phone: '+998907770011' });
    const b = await createCustomer(h, { phone: '+998907770012' });
    const c = await createCustomer(h, { phone: '+998907770013' });
    await gql(h, merge, { input: { keepId: b, mergeId: a } });
    await gql(h, merge, { input: { keepId: c, mergeId: b } });
    const rows = await h.db.admin<{ id: string; merged_into: string | null }>(
      'SELECT id::text, merged_into::text FROM customers.customer WHERE id = ANY($1::uuid[]) ORDER BY id',
      [[a, b, c]],
    );
    expect(rows).toEqual([
      { id: a, merged_into: c },
      { id: b, merged_into: c },
      { id: c, merged_into: null },
    ]);

    // The kept customer lists every record folded into it, latest merge first; the others none.
    const mergedFrom = await gql<{ customer: { mergedFrom: { id: string; mergedAt: string }[] } }>(
      h,
      'query($id: ID!) { customer(id: $id) { mergedFrom { id mergedAt } } }',
      { id: c },
    );
    const listed = mergedFrom.data?.customer.mergedFrom ?? [];
    expect(new Set(listed.map((m) => m.id))).toEqual(new Set([a, b]));
    expect(listed.map((m) => m.mergedAt)).toEqual(
      listed
        .map((m) => m.mergedAt)
        .sort()
        .reverse(),
    );
    const none = await gql<{ customer: { mergedFrom: unknown[] } }>(
      h,
      'query($id: ID!) { customer(id: $id) { mergedFrom { id } } }',
      { id: b },
    );
    expect(none.data?.customer.mergedFrom).toEqual([]);
  });

  it('returns typed errors for a merge into itself, an unknown or merged customer, and needs reports:read', async () => {
    const a = await createCustomer(h, { phone: '+998907770021' });
    const b = await createCustomer(h, { phone: '+998907770022' });
    const run = async (input: Record<string, string>, permissions?: string[]) =>
      (await gql<MergeOut>(h, merge, { input }, { permissions })).data!.mergeCustomers.errors;
    expect(await run({ keepId: a, mergeId: a })).toEqual([
      { code: 'SAME_CUSTOMER', field: ['input', 'mergeId'] },
    ]);
    expect(await run({ keepId: a, mergeId: newId() })).toEqual([
      { code: 'UNKNOWN_CUSTOMER', field: ['input', 'mergeId'] },
    ]);
    expect(await run({ keepId: 'nope', mergeId: b })).toEqual([
      { code: 'INVALID_ID', field: ['input', 'keepId'] },
    ]);
    const otherTenant = await createCustomer(h, { phone: '+998907770023' }, TENANT_B);
    expect(await run({ keepId: a, mergeId: otherTenant })).toEqual([
      { code: 'UNKNOWN_CUSTOMER', field: ['input', 'mergeId'] },
    ]);
    expect(await run({ keepId: a, mergeId: b })).toEqual([]);
    expect(await run({ keepId: a, mergeId: b })).toEqual([
      { code: 'CUSTOMER_MERGED', field: ['input', 'mergeId'] },
    ]);
    expect(await run({ keepId: b, mergeId: a })).toEqual([
      { code: 'CUSTOMER_MERGED', field: ['input', 'keepId'] },
    ]);
    const denied = await gql(
      h,
      merge,
      { input: { keepId: a, mergeId: b } },
      { permissions: CASHIER, allowErrors: true },
    );
    expect(denied.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('event contracts', () => {
  it('every customer.merged this file wrote follows its contract', async () => {
    const check = await checkLoggedEvents(h.db.admin, ['customer.merged']);
    expect(check.problems).toEqual([]);
    expect(check.counts['customer.merged']).toBeGreaterThan(0);
  });
});
