import { inTenant, newId } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  allEntries,
  createCustomer,
  drain,
  type Harness,
  saleCreated,
  saleRefunded,
  setProgram,
  startHarness,
  TENANT_A,
  TENANT_B,
  TERMINAL_2,
} from './customers.fixtures.ts';
import { LOYALTY_CONSUMER, verifyLoyaltyAccounts } from './index.ts';

let h: Harness;

beforeAll(async () => {
  h = await startHarness();
});

afterAll(async () => {
  await h?.close();
});

describe('replay from zero', () => {
  it('rebuilds identical balances and history after the ledger is wiped, and doubles nothing over a live one', async () => {
    await setProgram(h, {
      accrualBps: 500,
      maxRedeemPercent: 100,
      tiers: [{ name: 'Silver', minSpend: '10000.00', accrualBps: 700 }],
    });
    await setProgram(h, { accrualBps: 300, maxRedeemPercent: 100 }, TENANT_B);
    const c1 = await createCustomer(h, { phone: '+998935550001' });
    const c2 = await createCustomer(h, { phone: '+998935550002' });
    const b1 = await createCustomer(h, { phone: '+998935550001' }, TENANT_B);
    const s1 = await saleCreated(h, { customerId: c1, total: '12345.67' });
    await saleCreated(h, { customerId: c1, total: '500.00' }); // Silver by now
    const s2 = await saleCreated(h, {
      customerId: c2,
      total: '5000.00',
      payments: [
        { method: 'LOYALTY', amount: '1000.00' }, // an overdraft: c2 has nothing yet
        { method: 'CASH', amount: '4000.00' },
      ],
    });
    await saleCreated(h, { customerId: b1, total: '7777.77' }, TENANT_B);
    await drain(h);
    // The program changes half-way: earlier sales keep the rate they were made under.
    await setProgram(h, { accrualBps: 1500, maxRedeemPercent: 50 });
    const s3 = await saleCreated(h, { customerId: c2, total: '8000.00', terminalId: TERMINAL_2 });
    await saleRefunded(h, { saleId: s1, total: '2345.67' });
    await saleRefunded(h, { saleId: s2, total: '2500.00' });
    await saleRefunded(h, { saleId: s3, total: '8000.00' });
    await saleCreated(h, { customerId: newId(), total: '1.00' });
    await drain(h);

    const snapshot = async () => ({
      accounts: await h.db.admin(
        `SELECT tenant_id::text, customer_id::text, balance::text, lifetime_spend::text, overdrafts, last_overdraft_at
           FROM customers.loyalty_account ORDER BY tenant_id, customer_id`,
      ),
      entries: await allEntries(h),
      parked: await h.db.admin(
        'SELECT event_id::text, state, attempts FROM events.parked_event WHERE consumer = $1 ORDER BY event_id',
        [LOYALTY_CONSUMER],
      ),
    });
    const before = await snapshot();
    expect(before.accounts).toHaveLength(3);
    expect(before.entries.length).toBeGreaterThan(8);
    expect(before.parked).toEqual([expect.objectContaining({ state: 'PARKED', attempts: 5 })]);
    const balances = Object.fromEntries(
      (before.accounts as { customer_id: string; balance: string }[]).map((a) => [a.customer_id, a.balance]),
    );
    // c1: 5 % of 12 345.67 = 617.28, Silver 7 % of 500.00 = 35.00, refund of 2 345.67 takes back
    // ⌊61728 × 234567 / 1234567⌋ = 11728 → 617.28 + 35.00 − 117.28 = 535.00.
    expect(balances[c1]).toBe('53500');
    // c2: −1 000.00 + 200.00 (5 % of 4 000.00), half refunded: −100.00 + 500.00; 15 % of 8 000.00 fully refunded.
    expect(balances[c2]).toBe('-40000');

    // (Parked events stay parked: a replay does not apply them either.)
    await h.db.admin('TRUNCATE customers.loyalty_entry, customers.loyalty_account');
    await h.db.admin('DELETE FROM events.consumer_cursor WHERE consumer = $1', [LOYALTY_CONSUMER]);
    await drain(h);
    const after = await snapshot();
    expect(after).toEqual(before);

    // Rewinding the cursor over a live ledger applies nothing twice: every entry is already there.
    const overdrafts = async () =>
      (await h.db.admin("SELECT 1 FROM events.event WHERE type = 'loyalty.overdraft'")).length;
    const overdraftEvents = await overdrafts();
    await h.db.admin('DELETE FROM events.consumer_cursor WHERE consumer = $1', [LOYALTY_CONSUMER]);
    await drain(h);
    expect(await snapshot()).toEqual(before);
    expect(await overdrafts()).toBe(overdraftEvents);
    for (const tenant of [TENANT_A, TENANT_B]) {
      expect(await inTenant(h.service.dataSource!, tenant, (m) => verifyLoyaltyAccounts(m))).toEqual([]);
    }
  });
});
