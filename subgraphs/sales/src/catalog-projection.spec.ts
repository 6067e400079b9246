/**
 * Sales' catalog projection inside a running sales subgraph: catalog's `catalog.product.upserted`
 * / `catalog.changed` events (appended here as the admin, in the shape catalog writes them) fill
 * `sales.product_ref` and the tenant's catalog version; `syncSales` fills the snapshots a minimal
 * integrator line leaves out from it, hashes only what was sent, and answers the catalog version.
 */
import { EventContractError } from '@jowi/events';
import { exampleProductUpserted } from '@jowi/events/testing';
import {
  createLogger,
  createRedis,
  inTenant,
  newId,
  publishEventsCommitted,
  type Redis,
  type StoredEvent,
} from '@jowi/server-kit';
import { postGraphQL } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entities } from './index.ts';
import { type SalesHarness, startSalesHarness, TENANT_A, TENANT_B, TERMINAL } from './sales.fixtures.ts';
import { catalogConsumer } from './services/catalog-consumer.ts';
import { contentHash, validateSale } from './services/sale-content.ts';

let h: SalesHarness;
/** Wakes the consumer after an append, as writers do after commit (it polls without Redis). */
let redis: Redis | null = null;
beforeAll(async () => {
  h = await startSalesHarness();
  redis = createRedis(process.env.JOWI_TEST_REDIS_URL);
});
afterAll(async () => {
  redis?.disconnect();
  await h?.close();
});

interface Facts {
  id: string;
  name: string;
  vatRate: number;
  ikpu: string;
  packageCode: string;
  ownerType: 'RESALE' | 'OWN_PRODUCTION' | 'SERVICE';
  seq: number;
}

/** A product event payload as catalog's `productSnapshot` writes it, plus its change-feed seq. */
function productPayload(p: Facts): Record<string, unknown> {
  return exampleProductUpserted({
    id: p.id,
    name: p.name,
    price: '4500000',
    vatRate: p.vatRate,
    ikpu: p.ikpu,
    packageCode: p.packageCode,
    ownerType: p.ownerType,
    seq: String(p.seq),
  });
}

async function append(tenantId: string, type: string, aggregateId: string, payload: object) {
  await h.db.admin(
    `INSERT INTO events.event (tenant_id, type, aggregate_id, payload, source) VALUES ($1, $2, $3, $4, 'catalog')`,
    [tenantId, type, aggregateId, JSON.stringify(payload)],
  );
  await publishEventsCommitted(redis, h.service.dataSource!);
}

/**
 * Waits for the consumer. Up to 60 s: the runner applies only events older than every open
 * transaction of the PostgreSQL cluster, and other spec files may hold one open for seconds.
 */
async function until(what: string, probe: () => Promise<boolean>) {
  const deadline = Date.now() + 60_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Announces products as catalog does and waits until the projection holds them. */
async function announce(tenantId: string, ...products: Facts[]) {
  for (const p of products) await append(tenantId, 'catalog.product.upserted', p.id, productPayload(p));
  await until('the catalog projection', async () => {
    const rows = await h.db.admin<{ id: string; seq: string }>(
      'SELECT id, seq::text AS seq FROM sales.product_ref WHERE tenant_id = $1 AND id = ANY($2::uuid[])',
      [tenantId, products.map((p) => p.id)],
    );
    return products.every((p) => rows.some((r) => r.id === p.id && r.seq === String(p.seq)));
  });
}

let nextSeq = 100;
const product = (over: Partial<Facts> = {}): Facts => ({
  id: newId(),
  name: 'Osh (plov)',
  vatRate: 12,
  ikpu: '10202001001000000',
  packageCode: '1500',
  ownerType: 'OWN_PRODUCTION',
  seq: nextSeq++,
  ...over,
});

/** A sale as an integrator sends it (ARCHITECTURE §5): lines of product, quantity and unit price only. */
function minimalSale(lines: [productId: string, quantity: string, unitPrice: string][]) {
  const total = lines.reduce((sum, [, q, p]) => sum + Number(q) * Number(p), 0).toFixed(2);
  return {
    id: newId(),
    createdAt: '2026-03-02T09:00:00.000Z',
    lines: lines.map(([productId, quantity, unitPrice]) => ({ productId, quantity, unitPrice })),
    payments: [{ method: 'CASH', amount: total }],
    total,
  };
}

const SYNC = `mutation($input: SyncSalesInput!) { syncSales(input: $input) {
  errors { code } catalogVersion
  results { id status error { code } sale { id vatTotal flags
    lines { name ikpu packageCode ownerType vatRate vatAmount total } } }
  refundResults { status error { code } refund { total vatTotal lines { vatAmount } } } } }`;

interface LineOut {
  name: string | null;
  ikpu: string | null;
  packageCode: string | null;
  ownerType: string | null;
  vatRate: number | null;
  vatAmount: string;
  total: string;
}
interface Synced {
  errors: { code: string }[];
  catalogVersion: string | null;
  results: {
    id: string;
    status: string;
    error: { code: string } | null;
    sale: { id: string; vatTotal: string; flags: string[]; lines: LineOut[] } | null;
  }[];
  refundResults: {
    status: string;
    error: { code: string } | null;
    refund: { total: string; vatTotal: string; lines: { vatAmount: string }[] } | null;
  }[];
}

async function sync(input: Record<string, unknown>, tenantId = TENANT_A): Promise<Synced> {
  const res = await postGraphQL<{ syncSales: Synced }>(
    h.service.url,
    SYNC,
    { input: { terminalId: TERMINAL, sales: [], ...input } },
    await h.headersFor(tenantId, ['sales:sync', 'sales:read', 'sales:refund']),
  );
  expect(res.body.errors).toBeUndefined();
  return res.body.data!.syncSales;
}

const saleCreatedLines = async (saleId: string) =>
  (
    await h.db.admin<{ lines: Record<string, unknown>[] }>(
      `SELECT payload->'lines' AS lines FROM events.event WHERE type = 'sale.created' AND aggregate_id = $1`,
      [saleId],
    )
  )[0]?.lines;

describe('catalog projection in syncSales', () => {
  it('fills a minimal sale from the catalog: IKPU, package code, owner type, and the VAT of each product (0 % → 0)', async () => {
    const plov = product();
    const non = product({ name: 'Non, tandir', vatRate: 0, ikpu: '10905001002000000' });
    await announce(TENANT_A, plov, non);
    const sale = minimalSale([
      [plov.id, '2.000', '45000.00'],
      [non.id, '1', '5000.00'],
    ]);
    const out = await sync({ sales: [sale] });
    expect(out.results[0]).toMatchObject({ status: 'CREATED', error: null });
    expect(out.results[0]!.sale).toMatchObject({
      // 90 000.00 × 12 / 112 = 9 642.857… → 9 642.86; the 0 % non adds nothing.
      vatTotal: '9642.86',
      flags: ['NO_SHIFT'],
      lines: [
        {
          name: 'Osh (plov)',
          ikpu: '10202001001000000',
          packageCode: '1500',
          ownerType: 'OWN_PRODUCTION',
          vatRate: 12,
          vatAmount: '9642.86',
          total: '90000.00',
        },
        {
          name: 'Non, tandir',
          ikpu: '10905001002000000',
          packageCode: '1500',
          ownerType: 'OWN_PRODUCTION',
          vatRate: 0,
          vatAmount: '0.00',
          total: '5000.00',
        },
      ],
    });
    // The fiscal subgraph and the other consumers get the filled snapshots with the sale.
    expect(await saleCreatedLines(sale.id)).toMatchObject([
      {
        ikpu: plov.ikpu,
        packageCode: '1500',
        ownerType: 'OWN_PRODUCTION',
        vatRate: 12,
        vatAmount: '9642.86',
      },
      { ikpu: non.ikpu, packageCode: '1500', ownerType: 'OWN_PRODUCTION', vatRate: 0, vatAmount: '0.00' },
    ]);
    // The stored hash is the hash of what was sent, not of what the projection filled in.
    const [stored] = await h.db.admin<{ content_hash: string }>(
      'SELECT content_hash FROM sales.sale WHERE id = $1',
      [sale.id],
    );
    const sent = validateSale(
      {
        ...sale,
        createdAt: new Date(sale.createdAt),
        lines: sale.lines.map((l) => ({
          productId: l.productId,
          quantity: BigInt(Math.round(Number(l.quantity) * 1000)),
          unitPrice: BigInt(Math.round(Number(l.unitPrice) * 100)),
        })),
        payments: [{ method: 'CASH', amount: 9_500_000n }],
        total: 9_500_000n,
      },
      TERMINAL,
      [],
    );
    expect(sent.ok && stored!.content_hash === contentHash(sent.sale)).toBe(true);
  });

  it('keeps what the sender sent over the catalog, and recomputes VAT only for a rate it did not send', async () => {
    const plov = product();
    await announce(TENANT_A, plov);
    const sale = minimalSale([[plov.id, '1', '45000.00']]);
    const line = { ...sale.lines[0]!, name: 'Osh, to‘y', packageCode: '2009', vatRate: 0 };
    const out = await sync({ sales: [{ ...sale, lines: [line] }] });
    expect(out.results[0]!.sale!.lines).toEqual([
      {
        name: 'Osh, to‘y',
        ikpu: '10202001001000000',
        packageCode: '2009',
        ownerType: 'OWN_PRODUCTION',
        vatRate: 0,
        vatAmount: '0.00',
        total: '45000.00',
      },
    ]);
  });

  it('a resend after the product changed stays DUPLICATE, stored as first received; new sales get the new facts', async () => {
    const plov = product();
    await announce(TENANT_A, plov);
    const sale = minimalSale([[plov.id, '1', '45000.00']]);
    expect((await sync({ sales: [sale] })).results[0]!.status).toBe('CREATED');
    const before = await h.snapshot(sale.id);

    const changed = { ...plov, name: 'Osh (yangi)', vatRate: 0, seq: nextSeq++ };
    await announce(TENANT_A, changed);
    const again = await sync({ sales: [sale] });
    expect(again.results[0]!.status).toBe('DUPLICATE');
    expect(await h.snapshot(sale.id)).toBe(before);

    const fresh = await sync({ sales: [minimalSale([[plov.id, '1', '45000.00']])] });
    expect(fresh.results[0]!.sale!.lines[0]).toMatchObject({
      name: 'Osh (yangi)',
      vatRate: 0,
      vatAmount: '0.00',
    });
  });

  it('stores a sale of a product the projection does not know: no snapshots, standard 12 % assumed, flagged MISSING_IKPU', async () => {
    const unknown = newId();
    const sale = minimalSale([[unknown, '1', '11200.00']]);
    const out = await sync({ sales: [sale] });
    expect(out.results[0]).toMatchObject({ status: 'CREATED', error: null });
    expect(out.results[0]!.sale).toMatchObject({
      vatTotal: '1200.00',
      flags: ['NO_SHIFT', 'MISSING_IKPU'],
      lines: [
        { name: null, ikpu: null, packageCode: null, ownerType: null, vatRate: 12, vatAmount: '1200.00' },
      ],
    });
    expect(await saleCreatedLines(sale.id)).toMatchObject([{ productId: unknown, ikpu: null, vatRate: 12 }]);
  });

  it('refunds a filled 0 % line with 0 VAT: refunds follow the stored lines', async () => {
    const non = product({ name: 'Non', vatRate: 0, ikpu: '10905001002000000' });
    const plov = product();
    await announce(TENANT_A, non, plov);
    const sale = minimalSale([
      [non.id, '4', '5000.00'],
      [plov.id, '1', '45000.00'],
    ]);
    expect((await sync({ sales: [sale] })).results[0]!.status).toBe('CREATED');
    const out = await sync({
      refunds: [{ id: newId(), saleId: sale.id, lines: [{ saleLineNo: 1, quantity: '2' }] }],
    });
    expect(out.refundResults[0]).toMatchObject({
      status: 'CREATED',
      refund: { total: '10000.00', vatTotal: '0.00', lines: [{ vatAmount: '0.00' }] },
    });
  });

  it('answers the catalog version: the highest change-feed seq heard, moved by product and category changes', async () => {
    const version = async () => (await sync({})).catalogVersion;
    expect(BigInt((await version()) ?? '0')).toBeLessThan(5000n);
    const plov = product({ seq: 5_000 });
    await announce(TENANT_A, plov);
    expect(await version()).toBe('5000');
    // A category change (catalog.changed only) moves it too: the POS must pull categories as well.
    await append(TENANT_A, 'catalog.changed', newId(), {
      seq: '5001',
      entity: 'CATEGORY',
      kind: 'UPSERT',
      id: newId(),
    });
    await until('the catalog version', async () => (await version()) === '5001');
    // Tenant B has its own version (none yet).
    expect((await sync({}, TENANT_B)).catalogVersion).toBeNull();
  });
});

describe('catalog consumer (the handler as the runner calls it)', () => {
  const event = (tenantId: string, type: string, payload: Record<string, unknown>): StoredEvent => ({
    id: 1n,
    tenantId,
    type,
    version: 1,
    aggregateId: String(payload.id ?? newId()),
    payload,
    source: 'catalog',
    createdAt: new Date(),
  });

  it('applies newer over older by seq, ignores a replay or a late older event, per tenant; the version never goes back', async () => {
    const ds = await h.db.dataSource('sales', entities);
    const id = newId();
    const v1 = product({ id, name: 'v1', seq: 9_001 });
    const v2 = product({ id, name: 'v2', vatRate: 0, seq: 9_002 });
    const context = { consumer: catalogConsumer.name, log: createLogger('sales', 'silent'), registry: null };
    const apply = (...events: StoredEvent[]) =>
      inTenant(ds, TENANT_B, (m) => catalogConsumer.handleBatch!(m, events, context));
    const upserted = (p: Facts) => event(TENANT_B, 'catalog.product.upserted', productPayload(p));
    const state = async () => ({
      product: await h.db.admin(
        'SELECT tenant_id, name, vat_rate, seq::text AS seq FROM sales.product_ref WHERE id = $1',
        [id],
      ),
      version: await h.db.admin(
        'SELECT version::text AS version FROM sales.catalog_state WHERE tenant_id = $1',
        [TENANT_B],
      ),
    });
    const expected = {
      product: [{ tenant_id: TENANT_B, name: 'v2', vat_rate: 0, seq: '9002' }],
      version: [{ version: '9002' }],
    };

    // One batch holding both, in log order.
    await apply(upserted(v1), upserted(v2));
    expect(await state()).toEqual(expected);
    // A replay, and the older write arriving late on its own: nothing moves back.
    await apply(upserted(v1), upserted(v2));
    await apply(upserted(v1));
    expect(await state()).toEqual(expected);
    // Tenant A does not see tenant B's product.
    const [seen] = await h.db.admin<{ n: number }>(
      'SELECT count(*)::int AS n FROM sales.product_ref WHERE tenant_id = $1 AND id = $2',
      [TENANT_A, id],
    );
    expect(seen!.n).toBe(0);
    // A payload that breaks its contract throws EventContractError (the runner parks it at once);
    // so does one that leaves out what the contract requires (catalog always sends a name).
    await expect(apply(event(TENANT_B, 'catalog.product.upserted', { id: 'nope' }))).rejects.toThrow(
      EventContractError,
    );
    const { name: _name, ...nameless } = productPayload(product({ id, seq: 9_003 }));
    await expect(apply(event(TENANT_B, 'catalog.product.upserted', nameless))).rejects.toThrow(
      EventContractError,
    );
    await expect(apply(event(TENANT_B, 'catalog.changed', { seq: 'x' }))).rejects.toThrow(EventContractError);
    expect(await state()).toEqual(expected);
  });
});
