/**
 * A cashier's PIN session is bound to the paired terminal it was opened on: through the gateway
 * it can upload that terminal's sales but not another store's. Also: tokens signed with the
 * wrong algorithm are refused with a stable reason.
 */
import { createHmac } from 'node:crypto';
import { DEMO_PIN, DEMO_TENANTS } from '@jowi/demo-data';
import { newId } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStackForTests, gatewayClient, loginHeaders, type TestStack } from './testing.ts';

let stack: TestStack;
const demo = DEMO_TENANTS[0]!;
const mainTerminal = demo.stores[0]!.terminals[0]!.id;
const airportTerminal = demo.stores[1]!.terminals[0]!.id;

const gql = gatewayClient(() => stack.gatewayUrl);

beforeAll(async () => {
  stack = await createStackForTests();
});
afterAll(async () => stack?.close());

async function cashierOnMainTerminal(): Promise<Record<string, string>> {
  const owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
  const code = await gql<{ createTerminalPairingCode: { code: string } }>(
    'mutation($input: CreateTerminalPairingCodeInput!) { createTerminalPairingCode(input: $input) { code errors { code } } }',
    { input: { terminalId: mainTerminal } },
    owner,
  );
  const paired = await gql<{ pairTerminal: { deviceSecret: string } }>(
    'mutation($input: PairTerminalInput!) { pairTerminal(input: $input) { deviceSecret errors { code } } }',
    { input: { code: code.data!.createTerminalPairingCode.code, deviceName: 'Kassa 1 (test)' } },
  );
  const login = await gql<{ terminalPinLogin: { accessToken: string } }>(
    'mutation($input: TerminalPinLoginInput!) { terminalPinLogin(input: $input) { accessToken errors { code } } }',
    {
      input: {
        terminalId: mainTerminal,
        deviceSecret: paired.data!.pairTerminal.deviceSecret,
        pin: DEMO_PIN,
      },
    },
  );
  return { authorization: `Bearer ${login.data!.terminalPinLogin.accessToken}` };
}

const SYNC =
  'mutation($input: SyncSalesInput!) { syncSales(input: $input) { results { status } errors { code } } }';
const sale = () => ({
  id: newId(),
  createdAt: '2026-11-28T10:00:00Z',
  lines: [{ productId: demo.products[7]!.id, quantity: '2.000', unitPrice: '5000.00' }],
  payments: [{ method: 'CASH', amount: '10000.00' }],
  total: '10000.00',
});

describe('terminal-bound cashier sessions', () => {
  it("uploads its own terminal's sales and is refused for another store's terminal", async () => {
    const cashier = await cashierOnMainTerminal();
    const own = await gql<{ syncSales: { results: { status: string }[]; errors: { code: string }[] } }>(
      SYNC,
      { input: { terminalId: mainTerminal, sales: [sale()] } },
      cashier,
    );
    expect(own.data?.syncSales.results.map((r) => r.status)).toEqual(['CREATED']);
    const other = await gql<{ syncSales: { results: unknown[]; errors: { code: string }[] } }>(
      SYNC,
      { input: { terminalId: airportTerminal, sales: [sale()] } },
      cashier,
    );
    expect(other.data?.syncSales.errors.map((e) => e.code)).toEqual(['INVALID_TERMINAL']);
    expect(other.data?.syncSales.results).toEqual([]);
  });

  it('refuses a token signed with HS256 instead of EdDSA', async () => {
    const b64 = (v: object) => Buffer.from(JSON.stringify(v)).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const head = b64({ alg: 'HS256', typ: 'JWT', kid: 'identity-test' });
    const body = b64({
      sub: 'x',
      tid: demo.id,
      kind: 'staff',
      roles: ['owner'],
      perms: ['*'],
      iss: 'jowi-identity',
      aud: 'jowi',
      iat: now,
      exp: now + 60,
    });
    // Key-confusion attempt: HMAC keyed with the public key material.
    const sig = createHmac('sha256', JSON.stringify(stack.keys.identity.publicJwk))
      .update(`${head}.${body}`)
      .digest('base64url');
    const res = await gql('{ me { id } }', {}, { authorization: `Bearer ${head}.${body}.${sig}` });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'UNAUTHENTICATED',
      reason: 'TOKEN_BAD_ALGORITHM',
    });
  });
});
