/**
 * One condition, one code, one channel — across every sales mutation (docs/decisions.md,
 * "Errors: one code, one channel"):
 * - a caller without the operation's permission gets a thrown FORBIDDEN from `syncSales`,
 *   `openShift`, `recordCashMovement`, `closeShift` and `refundSale` alike; inside a batch the
 *   document needing the missing permission is REJECTED `FORBIDDEN` and the rest goes on;
 * - a terminal the caller may not act for (another paired terminal, a PIN session on another
 *   terminal, a malformed id) is `INVALID_TERMINAL` in each of them, an unknown one
 *   `UNKNOWN_TERMINAL`;
 * - free text over its limit is `INVALID_TEXT`, a cash movement of the wrong kind `INVALID_KIND`.
 */
import { type Identity, newId } from '@jowi/server-kit';
import { postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  makeSale,
  type SalesHarness,
  startSalesHarness,
  TENANT_A,
  TERMINAL,
  TERMINAL_2,
} from './sales.fixtures.ts';
import {
  CASH_MOVEMENT,
  CLOSE_SHIFT,
  gql,
  OPEN_SHIFT,
  REFUND_SALE,
  type ShiftPayloadOut,
  SYNC_ALL,
  type SyncAllOut,
} from './shifts.fixtures.ts';

let h: SalesHarness;
let shiftId: string;
let saleId: string;
beforeAll(async () => {
  h = await startSalesHarness();
  shiftId = newId();
  const opened = await gql<{ openShift: ShiftPayloadOut }>(h, OPEN_SHIFT, {
    input: { id: shiftId, terminalId: TERMINAL, openingFloat: '0.00' },
  });
  expect(opened.openShift.errors).toEqual([]);
  const sale = makeSale();
  expect((await h.sync([sale])).results[0]?.status).toBe('CREATED');
  saleId = sale.id;
});
afterAll(async () => {
  await h?.close();
});

/** Each sales mutation, called for `terminalId` (shift mutations address TERMINAL's open shift). */
const MUTATIONS: Record<string, { query: string; input: (terminalId: string) => Record<string, unknown> }> = {
  syncSales: { query: SYNC_ALL, input: (terminalId) => ({ terminalId, sales: [] }) },
  openShift: {
    query: OPEN_SHIFT,
    input: (terminalId) => ({ id: newId(), terminalId, openingFloat: '0.00' }),
  },
  recordCashMovement: {
    query: CASH_MOVEMENT,
    input: () => ({ id: newId(), shiftId, kind: 'CASH_IN', amount: '1.00', reason: 'change' }),
  },
  closeShift: { query: CLOSE_SHIFT, input: () => ({ shiftId, countedCash: '0.00' }) },
  refundSale: {
    query: REFUND_SALE,
    input: (terminalId) => ({ terminalId, refund: { id: newId(), saleId, reason: 'x'.repeat(201) } }),
  },
};

interface Answer {
  thrown: unknown[];
  codes: unknown[];
}

/** Calls a mutation and reports its thrown error codes and its payload error codes. */
async function call(name: string, terminalId: string, caller: Identity): Promise<Answer> {
  const mutation = MUTATIONS[name]!;
  const res = await postGraphQL<Record<string, { errors: { code: string }[] } | null>>(
    h.service.url,
    mutation.query,
    { input: mutation.input(terminalId) },
    await h.headersFor(TENANT_A, [], caller),
  );
  return {
    thrown: (res.body.errors ?? []).map((e) => e.extensions?.code),
    codes: res.body.data?.[name]?.errors.map((e) => e.code) ?? [],
  };
}

const staff = (permissions: string[], terminalId?: string): Identity => ({
  kind: 'staff',
  tenantId: TENANT_A,
  subject: '00000000-0000-7000-8000-000000000001',
  roles: [],
  permissions,
  ...(terminalId ? { terminalId } : {}),
});
const EVERYTHING = ['sales:sync', 'sales:read', 'sales:refund', 'shift:open', 'shift:close'];

describe('a caller without the permission', () => {
  it('gets a thrown FORBIDDEN from every sales mutation, and no payload', async () => {
    const needs: Record<string, string> = {
      syncSales: 'sales:sync',
      openShift: 'shift:open',
      recordCashMovement: 'shift:open',
      closeShift: 'shift:close',
      refundSale: 'sales:refund',
    };
    for (const [name, permission] of Object.entries(needs)) {
      const answer = await call(name, TERMINAL, staff(EVERYTHING.filter((p) => p !== permission)));
      expect(answer, name).toEqual({ thrown: ['FORBIDDEN'], codes: [] });
    }
  });

  it('gets FORBIDDEN for just the documents of a batch it may not apply', async () => {
    const batch = await gql<SyncAllOut>(
      h,
      SYNC_ALL,
      {
        input: {
          terminalId: TERMINAL,
          sales: [makeSale()],
          refunds: [{ id: newId(), saleId }],
          shiftEvents: [{ kind: 'CLOSE', id: shiftId, at: new Date().toISOString(), amount: '0.00' }],
        },
      },
      { identity: staff(['sales:sync', 'shift:open']) },
    );
    expect(batch.syncSales.results.map((r) => r.status)).toEqual(['CREATED']);
    expect(batch.syncSales.refundResults.map((r) => [r.status, r.error?.code])).toEqual([
      ['REJECTED', 'FORBIDDEN'],
    ]);
    expect(batch.syncSales.shiftEventResults.map((r) => [r.status, r.error?.code])).toEqual([
      ['REJECTED', 'FORBIDDEN'],
    ]);
  });
});

describe('a terminal the caller may not act for', () => {
  const terminalCaller = (subject: string): Identity => ({
    kind: 'terminal',
    tenantId: TENANT_A,
    subject,
    roles: [],
    permissions: EVERYTHING,
  });

  it('is INVALID_TERMINAL in every sales mutation: a paired terminal acting for another', async () => {
    for (const name of Object.keys(MUTATIONS)) {
      // TERMINAL's shift is addressed by id: the caller is TERMINAL_2 acting on it.
      const answer = await call(name, TERMINAL, terminalCaller(TERMINAL_2));
      expect(answer, name).toEqual({ thrown: [], codes: ['INVALID_TERMINAL'] });
    }
  });

  it('is INVALID_TERMINAL for a PIN session on another terminal, and for a malformed terminal id', async () => {
    for (const name of Object.keys(MUTATIONS)) {
      const answer = await call(name, TERMINAL, staff(EVERYTHING, TERMINAL_2));
      expect(answer, name).toEqual({ thrown: [], codes: ['INVALID_TERMINAL'] });
    }
    for (const name of ['syncSales', 'openShift', 'refundSale']) {
      const answer = await call(name, 'kassa-1', staff(EVERYTHING));
      expect(answer, name).toEqual({ thrown: [], codes: ['INVALID_TERMINAL'] });
    }
  });

  it('is UNKNOWN_TERMINAL when sales does not know it', async () => {
    for (const name of ['syncSales', 'openShift', 'refundSale']) {
      const answer = await call(name, newId(), staff(EVERYTHING));
      expect(answer, name).toEqual({ thrown: [], codes: ['UNKNOWN_TERMINAL'] });
    }
  });
});

describe('free text and kinds', () => {
  it('answers INVALID_TEXT for a refund reason and a closing note over 200 characters', async () => {
    expect(await call('refundSale', TERMINAL, staff(EVERYTHING))).toEqual({
      thrown: [],
      codes: ['INVALID_TEXT'],
    });
    const close = await gql<{ closeShift: ShiftPayloadOut }>(h, CLOSE_SHIFT, {
      input: { shiftId, countedCash: '0.00', note: 'x'.repeat(201) },
    });
    expect(close.closeShift.errors).toEqual([{ code: 'INVALID_TEXT', field: ['input', 'note'] }]);
  });

  it('answers INVALID_KIND for a cash movement that is not CASH_IN or CASH_OUT', async () => {
    const movement = await gql<{ recordCashMovement: ShiftPayloadOut }>(h, CASH_MOVEMENT, {
      input: { id: newId(), shiftId, kind: 'OPEN', amount: '1.00', reason: 'x' },
    });
    expect(movement.recordCashMovement.errors).toEqual([{ code: 'INVALID_KIND', field: ['input', 'kind'] }]);
  });
});
