/**
 * `syncCustomers` (issue 14): customers registered at a till offline, uploaded idempotently by
 * their client UUID; a phone already on file links to that customer (the till is told which id
 * won), and loyalty for sales naming the client UUID accrues to it.
 */
import { newId } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASHIER,
  createCustomer,
  drain,
  gql,
  type Harness,
  loyaltyOf,
  saleCreated,
  setProgram,
  startHarness,
} from './customers.fixtures.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
  await setProgram(h, { accrualBps: 1000, maxRedeemPercent: 100 }); // 10 %
});
afterAll(async () => {
  await h?.close();
});

const SYNC = `mutation($input: SyncCustomersInput!) { syncCustomers(input: $input) {
  results { id status customerId customer { id phone name } error { code field } } errors { code } } }`;

interface Result {
  id: string;
  status: string;
  customerId: string | null;
  customer: { id: string; phone: string; name: string | null } | null;
  error: { code: string; field: string[] } | null;
}

async function sync(customers: { id: string; phone: string; name?: string }[]) {
  const res = await gql<{ syncCustomers: { results: Result[]; errors: { code: string }[] } }>(
    h,
    SYNC,
    { input: { customers } },
    { permissions: CASHIER },
  );
  return res.data!.syncCustomers;
}

describe('syncCustomers', () => {
  it('creates a customer with the client UUID as its id; a resend is DUPLICATE and stores nothing again', async () => {
    const id = newId();
    const first = await sync([{ id, phone: '+998 90 700-00-01', name: 'Aziza' }]);
    expect(first).toEqual({
      errors: [],
      results: [
        {
          id,
          status: 'CREATED',
          customerId: id,
          customer: { id, phone: '+998907000001', name: 'Aziza' },
          error: null,
        },
      ],
    });
    const again = await sync([{ id, phone: '907000001', name: 'Aziza' }]);
    expect(again.results[0]).toMatchObject({ status: 'DUPLICATE', customerId: id });
    const [row] = await h.db.admin<{ n: number }>(
      "SELECT count(*)::int AS n FROM customers.customer WHERE phone = '+998907000001'",
    );
    expect(row!.n).toBe(1);
  });

  it('links a phone already on file to that customer, says which id won, and keeps saying it', async () => {
    const existing = await createCustomer(h, { phone: '+998907000002', name: 'On file' });
    const client = newId();
    const [linked] = (await sync([{ id: client, phone: '90 700 00 02', name: 'Typed at the till' }])).results;
    expect(linked).toMatchObject({
      id: client,
      status: 'LINKED',
      customerId: existing,
      customer: { id: existing },
    });
    const [resend] = (await sync([{ id: client, phone: '90 700 00 02' }])).results;
    expect(resend).toMatchObject({ status: 'DUPLICATE', customerId: existing });
    const customers = await h.db.admin<{ id: string }>(
      "SELECT id FROM customers.customer WHERE phone = '+998907000002'",
    );
    expect(customers).toEqual([{ id: existing }]);
    // Sales learns to file the till's receipts naming the client UUID under the existing customer.
    const merged = await h.db.admin<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM events.event WHERE type = 'customer.merged' AND payload->>'mergeId' = $1",
      [client],
    );
    expect(merged.map((e) => e.payload)).toEqual([
      { keepId: existing, mergeId: client, movedEntries: 0, points: '0', spend: '0' },
    ]);
  });

  it('accrues loyalty of a sale naming the linked client UUID to the customer that won', async () => {
    const existing = await createCustomer(h, { phone: '+998907000003' });
    const client = newId();
    await sync([{ id: client, phone: '+998907000003' }]);
    await saleCreated(h, { customerId: client, total: '100000.00' });
    await drain(h);
    expect(await loyaltyOf(h, existing)).toMatchObject({ balance: '10000.00', lifetimeSpend: '100000.00' });
  });

  it('judges each customer alone: a bad phone or id is REJECTED, the others stored', async () => {
    const [good, badPhone] = [newId(), newId()];
    const out = await sync([
      { id: 'not-a-uuid', phone: '+998907000004' },
      { id: badPhone, phone: '12' },
      { id: good, phone: '+998907000005' },
    ]);
    expect(out.results.map((r) => [r.status, r.error?.code ?? null])).toEqual([
      ['REJECTED', 'INVALID_ID'],
      ['REJECTED', 'INVALID_PHONE'],
      ['CREATED', null],
    ]);
  });

  it('refuses more than 500 customers as a batch error', async () => {
    const many = Array.from({ length: 501 }, (_, i) => ({
      id: newId(),
      phone: `+99890${String(i).padStart(7, '0')}`,
    }));
    expect(await sync(many)).toEqual({ results: [], errors: [{ code: 'BATCH_TOO_LARGE' }] });
  });
});
