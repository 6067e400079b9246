/**
 * Issue 13 §1 across the whole stack (gateway, catalog, sales, fiscal, the E-POS simulator behind
 * a fiscal gateway, demo terminals bound to it as CENTRAL devices): an integrator's sale of only
 * `productId`, `quantity` and `unitPrice` gets a legal fiscal receipt with the catalog's IKPU,
 * package code and VAT; a product the projections have not heard of yet holds its receipt in
 * NEEDS_ATTENTION with `MISSING_IKPU` until they catch up and an operator retries; and
 * `SyncSalesPayload.catalogVersion` follows the catalog's change feed.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { newId } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStackForTests, gatewayClient, loginHeaders, type TestStack } from './testing.ts';

let stack: TestStack;
let owner: Record<string, string>;
const demo = DEMO_TENANTS[0]!;
const terminalId = demo.stores[0]!.terminals[0]!.id;
const gql = gatewayClient(() => stack.gatewayUrl);

beforeAll(async () => {
  stack = await createStackForTests({ fiscalSimulator: true });
  owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
});
afterAll(async () => stack?.close());

const SYNC = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  catalogVersion errors { code } results { id status error { code } } } }`;
const SALE = `query($id: ID!) { sale(id: $id) {
  vatTotal flags
  lines { name ikpu packageCode vatRate vatAmount }
  fiscalReceipt { id status lastErrorCode lastErrorMessage fiscalSign } } }`;

interface SaleOut {
  vatTotal: string;
  flags: string[];
  lines: {
    name: string | null;
    ikpu: string | null;
    packageCode: string | null;
    vatRate: number;
    vatAmount: string;
  }[];
  fiscalReceipt: {
    id: string;
    status: string;
    lastErrorCode: string | null;
    lastErrorMessage: string | null;
    fiscalSign: string | null;
  } | null;
}
interface SyncOut {
  syncSales: { catalogVersion: string | null; errors: { code: string }[]; results: { status: string }[] };
}

/** A sale as an integrator sends it (ARCHITECTURE §5): lines of product, quantity and unit price only. */
function minimalSale(lines: [productId: string, quantity: string, unitPrice: string][], total: string) {
  return {
    id: newId(),
    createdAt: new Date().toISOString(),
    lines: lines.map(([productId, quantity, unitPrice]) => ({ productId, quantity, unitPrice })),
    payments: [{ method: 'CARD', amount: total }],
    total,
  };
}

async function sync(sales: unknown[]) {
  const res = await gql<SyncOut>(SYNC, { input: { terminalId, sales } }, owner);
  expect(res.errors).toBeUndefined();
  return res.data!.syncSales;
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function saleOnceReceipt(id: string, status: string): Promise<SaleOut> {
  return until(`the fiscal receipt of ${id} ${status}`, async () => {
    const res = await gql<{ sale: SaleOut | null }>(SALE, { id }, owner);
    expect(res.errors).toBeUndefined();
    const sale = res.data?.sale;
    return sale?.fiscalReceipt?.status === status ? sale : null;
  });
}

/** The items the fiscal subgraph sent (or holds) for a sale's receipt. */
async function receiptItems(saleId: string) {
  const [row] = await stack.db.admin<{ request: { items: Record<string, unknown>[] } }>(
    `SELECT request FROM fiscal.receipt WHERE sale_id = $1 AND kind = 'SALE'`,
    [saleId],
  );
  return row!.request.items;
}

/** Pulls `catalogChanges` to the end, as a POS does, and returns the final cursor. */
async function catalogCursor(): Promise<string> {
  let since: string | null = null;
  for (;;) {
    const res: { data?: { catalogChanges: { cursor: string; hasMore: boolean } } } = await gql(
      'query($since: String) { catalogChanges(since: $since, first: 5000) { cursor hasMore } }',
      { since },
      owner,
    );
    const page = res.data!.catalogChanges;
    if (!page.hasMore) return page.cursor;
    since = page.cursor;
  }
}

describe('a minimal integrator sale is fiscalised with the catalog’s facts', () => {
  it('is REGISTERED with the catalog’s IKPU, package code and VAT (0 % for non), and a resend is DUPLICATE', async () => {
    const [plov, non, chakChak] = [demo.products[0]!, demo.products[7]!, demo.products[16]!];
    expect([plov.vatRate, non.vatRate, chakChak.vatRate]).toEqual([12, 0, 12]);
    // 45 000.00 + 2 × 5 000.00 + 0.350 kg × 20 000.00 = 62 000.00
    const sale = minimalSale(
      [
        [plov.id, '1', '45000.00'],
        [non.id, '2', '5000.00'],
        [chakChak.id, '0.350', '20000.00'],
      ],
      '62000.00',
    );
    expect((await sync([sale])).results[0]!.status).toBe('CREATED');

    const stored = await saleOnceReceipt(sale.id, 'REGISTERED');
    expect(stored.fiscalReceipt!.fiscalSign).toMatch(/^\d{12}$/);
    expect(stored.flags).not.toContain('MISSING_IKPU');
    // 45 000 × 12/112 = 4 821.43; non 0 %; 7 000 × 12/112 = 750.00.
    expect(stored.vatTotal).toBe('5571.43');
    expect(stored.lines).toEqual([
      { name: plov.name, ikpu: plov.ikpu, packageCode: plov.packageCode, vatRate: 12, vatAmount: '4821.43' },
      { name: non.name, ikpu: non.ikpu, packageCode: non.packageCode, vatRate: 0, vatAmount: '0.00' },
      {
        name: chakChak.name,
        ikpu: chakChak.ikpu,
        packageCode: chakChak.packageCode,
        vatRate: 12,
        vatAmount: '750.00',
      },
    ]);
    // What went to the fiscal module.
    expect(await receiptItems(sale.id)).toMatchObject([
      { spic: plov.ikpu, packageCode: plov.packageCode, vatPercent: 12, vat: '4821.43' },
      { spic: non.ikpu, packageCode: non.packageCode, vatPercent: 0, vat: '0.00' },
      { spic: chakChak.ikpu, packageCode: chakChak.packageCode, vatPercent: 12, vat: '750.00' },
    ]);

    expect((await sync([sale])).results[0]!.status).toBe('DUPLICATE');
  });

  it('holds a sale of a product the projections have not heard of in NEEDS_ATTENTION (MISSING_IKPU); after they catch up, retryFiscalization registers it', async () => {
    // The product is in the catalog, but its event has not reached sales and fiscal yet: written
    // straight into catalog's table, as if its `catalog.product.upserted` were still in flight.
    const productId = newId();
    await stack.db.admin(
      `INSERT INTO catalog.product (tenant_id, id, sku, name, price, vat_rate, ikpu, package_code)
       VALUES ($1, $2, $3, 'Qozon kabob', 5600000, 12, '10202001007000000', '1500')`,
      [demo.id, productId, `LATE-${productId.slice(-6)}`],
    );
    const sale = minimalSale([[productId, '1', '56000.00']], '56000.00');
    expect((await sync([sale])).results[0]!.status).toBe('CREATED');

    const waiting = await saleOnceReceipt(sale.id, 'NEEDS_ATTENTION');
    expect(waiting.flags).toContain('MISSING_IKPU');
    expect(waiting.lines[0]).toMatchObject({ ikpu: null, vatRate: 12, vatAmount: '6000.00' });
    expect(waiting.fiscalReceipt).toMatchObject({ lastErrorCode: 'MISSING_IKPU', fiscalSign: null });
    expect(waiting.fiscalReceipt!.lastErrorMessage).toContain(productId);

    // The catalog announces the product (any write does), and the projections catch up.
    const renamed = await gql<{ updateProduct: { errors: { code: string }[] } }>(
      'mutation($input: UpdateProductInput!) { updateProduct(input: $input) { errors { code } } }',
      { input: { id: productId, name: 'Qozon kabob, 1 porsiya' } },
      owner,
    );
    expect(renamed.data?.updateProduct.errors).toEqual([]);
    await until('fiscal’s projection', async () => {
      const rows = await stack.db.admin('SELECT 1 FROM fiscal.product_ref WHERE id = $1', [productId]);
      return rows.length > 0;
    });

    const retried = await gql<{ retryFiscalization: { errors: { code: string }[] } }>(
      'mutation($input: RetryFiscalizationInput!) { retryFiscalization(input: $input) { errors { code } } }',
      { input: { receiptId: waiting.fiscalReceipt!.id } },
      owner,
    );
    expect(retried.data?.retryFiscalization.errors).toEqual([]);
    const registered = await saleOnceReceipt(sale.id, 'REGISTERED');
    expect(registered.fiscalReceipt!.fiscalSign).toMatch(/^\d{12}$/);
    expect(await receiptItems(sale.id)).toMatchObject([
      { name: 'Qozon kabob, 1 porsiya', spic: '10202001007000000', packageCode: '1500', vatPercent: 12 },
    ]);
  });

  it('answers the catalog version a POS must reach, and moves it when a product changes', async () => {
    const before = await until('the catalog version to reach the change feed', async () => {
      const [version, cursor] = [(await sync([])).catalogVersion, await catalogCursor()];
      return version === cursor ? version : null;
    });
    const plov = demo.products[0]!;
    const changed = await gql<{ updateProduct: { errors: { code: string }[] } }>(
      'mutation($input: UpdateProductInput!) { updateProduct(input: $input) { errors { code } } }',
      { input: { id: plov.id, price: '46000.00' } },
      owner,
    );
    expect(changed.data?.updateProduct.errors).toEqual([]);
    const after = await until('the catalog version to move', async () => {
      const version = (await sync([])).catalogVersion;
      return version !== before ? version : null;
    });
    expect(BigInt(after!)).toBeGreaterThan(BigInt(before!));
    expect(after).toBe(await catalogCursor());
  });
});
