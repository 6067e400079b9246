import { newId, type RunningService } from '@jowi/server-kit';
import {
  createTestDatabase,
  createTestKeys,
  identityHeaders,
  postGraphQL,
  staffIdentity,
  type TestDatabase,
  type TestKeys,
  testSubgraphEnv,
} from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoData, entities, migrations, startFiscal } from './index.ts';

const TENANT_A = '0190a000-0000-7000-8000-00000000000a';
const TENANT_B = '0190a000-0000-7000-8000-00000000000b';
const WRITER = ['fiscal:write', 'fiscal:read'];

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'fiscal', migrations }]);
  keys = await createTestKeys();
  service = await startFiscal(testSubgraphEnv(db, keys));
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

interface Receipt {
  id: string;
  status: string;
  terminalId: string | null;
  receiptSeq: number | null;
  fiscalSign: string | null;
  qrUrl: string | null;
  registeredAt: string | null;
}
interface RecordData {
  recordFiscalReceipt: { fiscalReceipt: Receipt | null; errors: { code: string; field: string[] | null }[] };
}

const RECORD = `mutation Record($input: RecordFiscalReceiptInput!) {
  recordFiscalReceipt(input: $input) {
    fiscalReceipt { id status terminalId receiptSeq fiscalSign qrUrl registeredAt }
    errors { code field message }
  }
}`;
// Exactly what the gateway sends for `sale { fiscalReceipt { … } }`.
const ENTITIES = `query($representations: [_Any!]!) {
  _entities(representations: $representations) {
    ... on Sale { fiscalReceipt { status terminalId receiptSeq fiscalSign qrUrl } }
  }
}`;

const requisites = (saleId: string) => ({
  saleId,
  terminalId: 'UZ191211501033',
  receiptSeq: 559,
  dateTime: '20211109170634',
  fiscalSign: '336289559214',
});

async function record(input: Record<string, unknown>, tenant = TENANT_A, permissions = WRITER) {
  const headers = await identityHeaders(keys, staffIdentity(tenant, permissions));
  return postGraphQL<RecordData>(service.url, RECORD, { input }, headers);
}

async function receiptRows(saleId: string) {
  return db.admin<{ id: string; fiscal_sign: string; receipt_seq: number }>(
    'SELECT id, fiscal_sign, receipt_seq FROM fiscal.receipt WHERE sale_id = $1',
    [saleId],
  );
}

describe('fiscal subgraph (mercurius)', () => {
  it('answers 401 to a direct call without gateway identity, or with a forged one', async () => {
    const bare = await postGraphQL(service.url, '{ fiscalDevices { id } }');
    expect(bare.status).toBe(401);
    expect(bare.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await postGraphQL(
      service.url,
      '{ fiscalDevices { id } }',
      {},
      { 'x-jowi-identity': 'not.a.jwt' },
    );
    expect(forged.status).toBe(401);
    const get = await fetch(`${service.url}?query=${encodeURIComponent('{ fiscalDevices { id } }')}`);
    expect(get.status).toBe(401);
  });

  it('records a receipt and serves it on Sale through _entities, as the gateway asks', async () => {
    const saleId = newId();
    const res = await record(requisites(saleId));
    expect(res.body.errors).toBeUndefined();
    const payload = res.body.data!.recordFiscalReceipt;
    expect(payload.errors).toEqual([]);
    expect(payload.fiscalReceipt).toMatchObject({
      status: 'REGISTERED',
      terminalId: 'UZ191211501033',
      receiptSeq: 559,
      fiscalSign: '336289559214',
      registeredAt: '2021-11-09T12:06:34.000Z',
    });

    const headers = await identityHeaders(keys, staffIdentity(TENANT_A, ['sales:read']));
    const other = newId();
    const entities = await postGraphQL<{ _entities: ({ fiscalReceipt: Receipt | null } | null)[] }>(
      service.url,
      ENTITIES,
      {
        representations: [
          { __typename: 'Sale', id: saleId },
          { __typename: 'Sale', id: other },
          { __typename: 'Sale', id: 'not-a-uuid' },
        ],
      },
      headers,
    );
    expect(entities.status).toBe(200);
    expect(entities.body.errors).toBeUndefined();
    expect(entities.body.data?._entities).toEqual([
      {
        fiscalReceipt: {
          status: 'REGISTERED',
          terminalId: 'UZ191211501033',
          receiptSeq: 559,
          fiscalSign: '336289559214',
          qrUrl: 'https://ofd.soliq.uz/check?t=UZ191211501033&r=559&c=20211109170634&s=336289559214',
        },
      },
      { fiscalReceipt: null },
      { fiscalReceipt: null },
    ]);

    // The receipt is an entity of its own, and the subgraph publishes its Federation 1 SDL.
    const byRef = await postGraphQL<{ _entities: { saleId: string }[] }>(
      service.url,
      'query($r: [_Any!]!) { _entities(representations: $r) { ... on FiscalReceipt { saleId } } }',
      { r: [{ __typename: 'FiscalReceipt', id: payload.fiscalReceipt!.id }] },
      headers,
    );
    expect(byRef.body.data?._entities).toEqual([{ saleId }]);
    const sdl = await postGraphQL<{ _service: { sdl: string } }>(
      service.url,
      '{ _service { sdl } }',
      {},
      headers,
    );
    expect(sdl.body.data?._service.sdl).toContain('extend type Sale @key(fields: "id")');
  });

  it('writes the device and one fiscal.receipt.registered event in the same transaction', async () => {
    const saleId = newId();
    await record({ ...requisites(saleId), terminalId: 'UZ191211509999', receiptSeq: 1 });
    const events = await db.admin<{ payload: { saleId: string; fiscalSign: string } }>(
      "SELECT payload FROM events.event WHERE type = 'fiscal.receipt.registered' AND payload->>'saleId' = $1",
      [saleId],
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.payload.fiscalSign).toBe('336289559214');
    // And its status event: the receipt is new and REGISTERED at once (no device store known).
    const updates = await db.admin<{ payload: Record<string, unknown> }>(
      "SELECT payload FROM events.event WHERE type = 'fiscal.receipt.updated' AND payload->>'saleId' = $1",
      [saleId],
    );
    expect(updates.map((e) => e.payload)).toEqual([
      expect.objectContaining({ status: 'REGISTERED', kind: 'SALE', storeId: null, errorCode: null }),
    ]);

    const headers = await identityHeaders(keys, staffIdentity(TENANT_A, ['fiscal:read']));
    const devices = await postGraphQL<{
      fiscalDevices: {
        terminalId: string;
        status: string;
        storeId: string | null;
        lastSeenAt: string | null;
      }[];
    }>(service.url, '{ fiscalDevices { terminalId status storeId lastSeenAt } }', {}, headers);
    const device = devices.body.data?.fiscalDevices.find((d) => d.terminalId === 'UZ191211509999');
    expect(device).toMatchObject({ status: 'OK', storeId: null });
    expect(device?.lastSeenAt).toBeTruthy();
  });

  it('is idempotent per sale: the same requisites again return the stored receipt, one row, its events once', async () => {
    const saleId = newId();
    const first = await record(requisites(saleId));
    const again = await record(requisites(saleId.toUpperCase()));
    expect(again.body.data?.recordFiscalReceipt.errors).toEqual([]);
    expect(again.body.data?.recordFiscalReceipt.fiscalReceipt?.id).toBe(
      first.body.data?.recordFiscalReceipt.fiscalReceipt?.id,
    );
    expect(await receiptRows(saleId)).toHaveLength(1);
    const events = await db.admin<{ type: string }>(
      "SELECT type FROM events.event WHERE payload->>'saleId' = $1 ORDER BY id",
      [saleId],
    );
    expect(events.map((e) => e.type)).toEqual(['fiscal.receipt.registered', 'fiscal.receipt.updated']);
  });

  it('creates exactly one receipt when the same sale is uploaded concurrently', async () => {
    const saleId = newId();
    const results = await Promise.all(Array.from({ length: 6 }, () => record(requisites(saleId))));
    const ids = new Set(results.map((r) => r.body.data?.recordFiscalReceipt.fiscalReceipt?.id));
    expect(results.every((r) => r.body.data?.recordFiscalReceipt.errors.length === 0)).toBe(true);
    expect(ids.size).toBe(1);
    expect(await receiptRows(saleId)).toHaveLength(1);
  });

  it('refuses different requisites for a registered sale and leaves the stored receipt unchanged', async () => {
    const saleId = newId();
    await record(requisites(saleId));
    const before = await receiptRows(saleId);
    const res = await record({ ...requisites(saleId), fiscalSign: '111111111111' });
    const payload = res.body.data!.recordFiscalReceipt;
    expect(payload.errors.map((e) => e.code)).toEqual(['CONTENT_MISMATCH']);
    expect(payload.fiscalReceipt?.fiscalSign).toBe('336289559214');
    expect(await receiptRows(saleId)).toEqual(before);
    const other = await record({ ...requisites(saleId), receiptSeq: 560 });
    expect(other.body.data?.recordFiscalReceipt.errors.map((e) => e.code)).toEqual(['CONTENT_MISMATCH']);
    expect(await receiptRows(saleId)).toEqual(before);
  });

  it('completes a PENDING receipt of the sale instead of adding a second one', async () => {
    const saleId = newId();
    const pendingId = newId();
    await db.admin(
      `INSERT INTO fiscal.receipt (tenant_id, id, sale_id, status) VALUES ($1, $2, $3, 'PENDING')`,
      [TENANT_A, pendingId, saleId],
    );
    const res = await record(requisites(saleId));
    expect(res.body.data?.recordFiscalReceipt.fiscalReceipt).toMatchObject({
      id: pendingId,
      status: 'REGISTERED',
    });
    expect(await receiptRows(saleId)).toHaveLength(1);
  });

  it('answers retryFiscalization of a malformed or unknown receipt id with INVALID_ID / RECEIPT_NOT_FOUND', async () => {
    const retry = async (receiptId: string) => {
      const res = await postGraphQL<{ retryFiscalization: { errors: { code: string; field: string[] }[] } }>(
        service.url,
        `mutation($input: RetryFiscalizationInput!) { retryFiscalization(input: $input) { errors { code field } } }`,
        { input: { receiptId } },
        await identityHeaders(keys, staffIdentity(TENANT_A, WRITER)),
      );
      return res.body.data?.retryFiscalization.errors;
    };
    expect(await retry('receipt-1')).toEqual([{ code: 'INVALID_ID', field: ['input', 'receiptId'] }]);
    expect(await retry(newId())).toEqual([{ code: 'RECEIPT_NOT_FOUND', field: ['input', 'receiptId'] }]);
  });

  it('returns typed errors for bad requisites and stores nothing', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ terminalId: 'uz191211501033' }, 'INVALID_TERMINAL_ID', 'terminalId'],
      [{ terminalId: 'UZ19121150103' }, 'INVALID_TERMINAL_ID', 'terminalId'],
      [{ fiscalSign: '33628955921' }, 'INVALID_FISCAL_SIGN', 'fiscalSign'],
      [{ fiscalSign: '33628955921a' }, 'INVALID_FISCAL_SIGN', 'fiscalSign'],
      [{ dateTime: '20230230120000' }, 'INVALID_DATE_TIME', 'dateTime'],
      [{ dateTime: '2021-11-09 17:06' }, 'INVALID_DATE_TIME', 'dateTime'],
      [{ receiptSeq: 0 }, 'INVALID_RECEIPT_SEQ', 'receiptSeq'],
      [{ receiptSeq: -5 }, 'INVALID_RECEIPT_SEQ', 'receiptSeq'],
      [{ saleId: 'sale-1' }, 'INVALID_ID', 'saleId'],
      [{ refundId: 'refund-1' }, 'INVALID_ID', 'refundId'],
    ];
    for (const [override, code, field] of cases) {
      const saleId = newId();
      const res = await record({ ...requisites(saleId), ...override });
      expect(res.body.data?.recordFiscalReceipt, code).toEqual({
        fiscalReceipt: null,
        errors: [{ code, field: ['input', field], message: expect.any(String) }],
      });
      expect(await receiptRows(saleId)).toHaveLength(0);
    }
    const all = await record({
      saleId: newId(),
      terminalId: 'X',
      receiptSeq: 0,
      dateTime: 'now',
      fiscalSign: '1',
    });
    expect(all.body.data?.recordFiscalReceipt.errors.map((e) => e.code).sort()).toEqual([
      'INVALID_DATE_TIME',
      'INVALID_FISCAL_SIGN',
      'INVALID_RECEIPT_SEQ',
      'INVALID_TERMINAL_ID',
    ]);
  });

  it("never shows tenant A's receipt to tenant B", async () => {
    const saleId = newId();
    await record(requisites(saleId));
    const b = await identityHeaders(keys, staffIdentity(TENANT_B, ['fiscal:read', 'sales:read']));
    const viaEntities = await postGraphQL<{ _entities: { fiscalReceipt: unknown }[] }>(
      service.url,
      ENTITIES,
      { representations: [{ __typename: 'Sale', id: saleId }] },
      b,
    );
    expect(viaEntities.body.data?._entities).toEqual([{ fiscalReceipt: null }]);
    const viaQuery = await postGraphQL<{ fiscalReceipt: unknown }>(
      service.url,
      'query($s: ID!) { fiscalReceipt(saleId: $s) { id } }',
      { s: saleId },
      b,
    );
    expect(viaQuery.body.data?.fiscalReceipt).toBeNull();
    const devices = await postGraphQL<{ fiscalDevices: unknown[] }>(
      service.url,
      '{ fiscalDevices { id } }',
      {},
      b,
    );
    expect(devices.body.data?.fiscalDevices).toEqual([]);
    // Tenant B recording the same sale id gets its own receipt; A's stays as it was.
    const own = await record({ ...requisites(saleId), fiscalSign: '222222222222' }, TENANT_B);
    expect(own.body.data?.recordFiscalReceipt.errors).toEqual([]);
    const a = await identityHeaders(keys, staffIdentity(TENANT_A, ['fiscal:read']));
    const mine = await postGraphQL<{ fiscalReceipt: { fiscalSign: string } }>(
      service.url,
      'query($s: ID!) { fiscalReceipt(saleId: $s) { fiscalSign } }',
      { s: saleId },
      a,
    );
    expect(mine.body.data?.fiscalReceipt.fiscalSign).toBe('336289559214');
  });

  it('enforces permissions, with gateway-mappable error paths on _entities', async () => {
    const noWrite = await record(requisites(newId()), TENANT_A, ['fiscal:read']);
    expect(noWrite.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const headers = await identityHeaders(keys, staffIdentity(TENANT_A, ['catalog:read']));
    const res = await postGraphQL<{ _entities: unknown[] }>(
      service.url,
      ENTITIES,
      { representations: [{ __typename: 'Sale', id: newId() }] },
      headers,
    );
    expect(res.status).toBe(200);
    const error = res.body.errors?.[0] as { path?: unknown[]; extensions?: { code?: string } } | undefined;
    expect(error?.extensions?.code).toBe('FORBIDDEN');
    // A numeric index, as the gateway needs to map the error back onto the right sale.
    expect(error?.path).toEqual(['_entities', 0, 'fiscalReceipt']);
  });

  it('reports request errors with standard codes', async () => {
    const headers = await identityHeaders(keys, staffIdentity(TENANT_A, WRITER));
    const invalid = await postGraphQL(service.url, '{ fiscalDevices { nope } }', {}, headers);
    expect(invalid.status).toBe(400);
    expect(invalid.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const syntax = await postGraphQL(service.url, '{ fiscalDevices {', {}, headers);
    expect(syntax.body.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
    const badVariables = await postGraphQL(service.url, RECORD, { input: { saleId: 1 } }, headers);
    expect(badVariables.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('serves /health and /health/live, and /metrics only on the operator port', async () => {
    const base = service.url.replace('/graphql', '');
    const health = await fetch(`${base}/health`);
    expect(health.status).toBe(200);
    const body = (await health.json()) as { checks: Record<string, string> };
    expect(body.checks.postgres).toBe('ok');
    if (process.env.JOWI_TEST_REDIS_URL) expect(body.checks.redis).toBe('ok');
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(404);
    const metrics = await (await fetch(service.metricsUrl!)).text();
    expect(metrics).toContain(
      'jowi_graphql_operations_total{operation="Record",outcome="ok",service="fiscal"}',
    );
    expect(metrics).toContain('jowi_http_request_duration_seconds');
  });

  it('answers 503 on /health while a dependency is down', async () => {
    const unready = await startFiscal(
      testSubgraphEnv(db, keys, {
        // Nothing listens on port 1.
        DB_POOL_SIZE: 1,
        REDIS_URL: 'redis://127.0.0.1:1',
      }),
    );
    try {
      const health = await fetch(unready.url.replace('/graphql', '/health'));
      expect(health.status).toBe(503);
      const body = (await health.json()) as { status: string; checks: Record<string, string> };
      expect(body.status).toBe('unavailable');
      expect(body.checks.postgres).toBe('ok');
      expect(body.checks.redis).not.toBe('ok');
      expect((await fetch(unready.url.replace('/graphql', '/health/live'))).status).toBe(200);
    } finally {
      await unready.close();
    }
  });

  it('seeds one demo fiscal module per store, idempotently', async () => {
    const ds = await db.dataSource('fiscal', entities);
    const tenants = [
      { id: TENANT_A, stores: [{ id: newId() }, { id: newId() }] },
      { id: TENANT_B, stores: [{ id: newId() }] },
    ];
    await applyDemoData(ds, tenants);
    await applyDemoData(ds, tenants);
    const rows = await db.admin<{ terminal_id: string; store_id: string }>(
      'SELECT terminal_id, store_id FROM fiscal.device WHERE store_id IS NOT NULL ORDER BY terminal_id',
    );
    expect(rows.map((r) => r.terminal_id)).toEqual(['UZ191211501001', 'UZ191211501002', 'UZ191211501003']);
    expect(rows.map((r) => r.store_id)).toEqual(tenants.flatMap((t) => t.stores.map((s) => s.id)));
  });
});
