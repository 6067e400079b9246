/**
 * Issue 14 through the real stack: customers registered at the till while the server was away
 * reach the customers subgraph in the same request as the sales that name them (customers
 * first), a phone already on file is linked and the till learns which id won; and a cashier
 * signed in with identity's real `cashier` role cannot give a discount.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogProduct,
  demoTill,
  GatewayProxy,
  gql,
  ManualSleep,
  ownerHeaders,
  pairingCode,
  startSystem,
} from '../../../e2e/host-harness.ts';
import type { PosResult, SaleDraft } from '../../shared/pos-types.ts';
import { type PosHost, startPosHost } from './pos-host.ts';

let system: Awaited<ReturnType<typeof startSystem>>;
let proxy: GatewayProxy;
let host: PosHost;
let product: CatalogProduct;
const dirs: string[] = [];

function ok<T>(result: PosResult<T>): T {
  if (!result.ok) expect.fail(`expected ok, got ${result.error.code}: ${result.error.detail ?? ''}`);
  return result.value;
}

/** One unit of the product, paid by card, for `customerId`, with an optional line discount. */
function sale(customerId?: string, discount?: string): SaleDraft {
  const net = (Number(product.price) - Number(discount ?? 0)).toFixed(2);
  return {
    lines: [
      {
        productId: product.id,
        quantity: '1.000',
        unitPrice: product.price,
        ...(discount ? { discount } : {}),
        total: net,
        vatRate: product.vatRate,
        name: product.name,
        ikpu: product.ikpu,
        packageCode: product.packageCode,
        ownerType: product.ownerType,
      },
    ],
    payments: [{ method: 'CARD', amount: net, cardBrand: 'UZCARD' }],
    total: net,
    ...(customerId ? { customerId } : {}),
    catalogVersion: null,
  };
}

beforeAll(async () => {
  system = await startSystem();
  proxy = await new GatewayProxy(system.gatewayUrl).start();
  const owner = await ownerHeaders(system.gatewayUrl);
  const till = await demoTill(system.gatewayUrl, owner);
  product = till.products[0]!;
  await gql(
    system.gatewayUrl,
    'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { errors { code } } }',
    { input: { phone: '+998907770001', name: 'Known at the shop' } },
    owner,
  );
  const dir = await mkdtemp(join(tmpdir(), 'jowi-pos-customers-'));
  dirs.push(dir);
  host = await startPosHost({
    dataDir: dir,
    gatewayUrl: proxy.url,
    clientVersion: 'pos-desktop/test',
    fiscal: {
      mode: 'off',
      deviceUrl: 'http://127.0.0.1:1/rpc/api',
      port: 0,
      journalFile: join(dir, 'j.jsonl'),
    },
    sync: { sleep: new ManualSleep().sleep, random: () => 0.5, autoStart: false },
    logger: { warn: () => {}, error: () => {} },
  });
  ok(
    await host.api.session.pair({
      code: await pairingCode(system.gatewayUrl, owner, till.terminalId),
      deviceName: 'Customers till',
    }),
  );
  ok(await host.api.session.pinLogin('1111'));
});

afterAll(async () => {
  await host?.close();
  await proxy?.close();
  await system?.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('customers registered offline', () => {
  it('upload before the sales that name them; a known phone is linked and the till learns the winner', async () => {
    ok(await host.api.shift.open({ openingFloat: '0.00' }));
    proxy.set('refuse');
    const fresh = ok(await host.api.customer.register({ phone: '90 777 00 02', name: 'New at the till' }));
    const known = ok(await host.api.customer.register({ phone: '+998 90 777-00-01' }));
    const sales = [
      ok(await host.api.sale.complete(sale(fresh.id))).sale.id,
      ok(await host.api.sale.complete(sale(known.id))).sale.id,
    ];
    expect(ok(await host.api.sync.syncNow())).toMatchObject({ online: false, pending: 5 });

    proxy.set('pass');
    expect(ok(await host.api.sync.syncNow())).toMatchObject({ online: true, pending: 0, parked: 0 });
    expect(ok(await host.api.customer.get(fresh.id))).toMatchObject({
      state: 'done',
      syncStatus: 'CREATED',
      customerId: fresh.id,
    });
    const [existing] = await system.db.admin<{ id: string }>(
      "SELECT id FROM customers.customer WHERE phone = '+998907770001'",
    );
    expect(ok(await host.api.customer.get(known.id))).toMatchObject({
      state: 'done',
      syncStatus: 'LINKED',
      customerId: existing!.id,
    });
    const stored = await system.db.admin<{ id: string; phone: string; name: string | null }>(
      "SELECT id, phone, name FROM customers.customer WHERE phone IN ('+998907770001', '+998907770002') ORDER BY phone",
    );
    expect(stored).toEqual([
      { id: existing!.id, phone: '+998907770001', name: 'Known at the shop' },
      { id: fresh.id, phone: '+998907770002', name: 'New at the till' },
    ]);
    const rows = await system.db.admin<{ customer_id: string }>(
      'SELECT customer_id FROM sales.sale WHERE id = ANY($1::uuid[]) ORDER BY receipt_number',
      [sales],
    );
    expect(rows.map((r) => r.customer_id)).toEqual([fresh.id, known.id]);
  });
});

describe('discount permission from a real sign-in', () => {
  it("refuses a discount from the demo cashier (identity's cashier role lacks sales:discount)", async () => {
    const refused = await host.api.sale.complete(sale(undefined, '1.00'));
    expect(refused).toMatchObject({ ok: false, error: { code: 'DISCOUNT_NOT_PERMITTED' } });
  });
});
