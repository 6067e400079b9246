/**
 * Issue 18's directory effects on `syncSales`: a terminal identity deactivated (its
 * `terminal.upserted { active: false }` applied by sales' directory consumer) is refused as a
 * whole with `TERMINAL_INACTIVE`, nothing stored, and accepted again once reactivated; and every
 * answer carries the tenant's disabled staff, so a POS can forget their cached PIN verifiers.
 */
import { newId } from '@jowi/server-kit';
import { identityHeaders, postGraphQL, staffIdentity } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  type SaleJson,
  type SalesHarness,
  STORE,
  startSalesHarness,
  TENANT_A,
} from './sales.fixtures.ts';

let h: SalesHarness;
const TILL = '0190a000-0000-7000-8000-0000000018c1';

const SYNC = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code field } results { id status } disabledStaffIds } }`;

interface Answer {
  errors: { code: string; field: string[] | null }[];
  results: { id: string; status: string }[];
  disabledStaffIds: string[];
}

async function sync(sales: SaleJson[]): Promise<Answer> {
  const res = await postGraphQL<{ syncSales: Answer }>(
    h.service.url,
    SYNC,
    { input: { terminalId: TILL, sales } },
    await identityHeaders(h.keys, staffIdentity(TENANT_A, ['sales:sync', 'sales:read'], ['cashier'])),
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.syncSales;
}

/** Appends an identity event as identity would, and waits until the consumer applied it. */
async function identityEvent(
  type: string,
  aggregateId: string,
  payload: object,
  applied: string,
  params: unknown[],
) {
  await h.db.admin(
    `INSERT INTO events.event (tenant_id, type, aggregate_id, payload, source) VALUES ($1, $2, $3, $4, 'identity')`,
    [TENANT_A, type, aggregateId, JSON.stringify(payload)],
  );
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if ((await h.db.admin(applied, params)).length > 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect.fail(`${type} for ${aggregateId} was never applied`);
}
const terminal = (active: boolean) =>
  identityEvent(
    'terminal.upserted',
    TILL,
    { terminalId: TILL, storeId: STORE, active },
    'SELECT 1 FROM sales.terminal_ref WHERE id = $1 AND active = $2',
    [TILL, active],
  );

beforeAll(async () => {
  h = await startSalesHarness();
  await terminal(true);
});
afterAll(async () => {
  await h?.close();
});

describe('a deactivated terminal', () => {
  it('is refused with TERMINAL_INACTIVE and nothing is stored; reactivated, the same batch goes in', async () => {
    const sale = makeSale();
    await terminal(false);
    const refused = await sync([sale]);
    expect(refused.results).toEqual([]);
    expect(refused.errors).toEqual([{ code: 'TERMINAL_INACTIVE', field: ['input', 'terminalId'] }]);
    expect(await h.db.admin('SELECT 1 FROM sales.sale WHERE id = $1', [sale.id])).toEqual([]);

    await terminal(true);
    const accepted = await sync([sale]);
    expect(accepted.errors).toEqual([]);
    expect(accepted.results).toEqual([{ id: sale.id, status: 'CREATED' }]);
  });
});

describe('disabled staff in the answer', () => {
  it('lists the staff identity disabled, and drops them once re-enabled', async () => {
    const [gone, kept] = [newId(), newId()];
    const staff = (staffId: string, active: boolean) =>
      identityEvent(
        'staff.upserted',
        staffId,
        { staffId, permissions: ['sales:sync'], active },
        'SELECT 1 FROM sales.staff_ref WHERE id = $1 AND active = $2',
        [staffId, active],
      );
    await staff(kept, true);
    await staff(gone, false);
    const answer = await sync([]);
    expect(answer.disabledStaffIds).toContain(gone);
    expect(answer.disabledStaffIds).not.toContain(kept);
    await staff(gone, true);
    expect((await sync([])).disabledStaffIds).not.toContain(gone);
  });
});
