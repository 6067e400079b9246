import type { RunningService } from '@jowi/server-kit';
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
import { migrations, startCustomers } from './index.ts';
import { normalisePhone } from './services/customer.service.ts';

const TENANT_A = '0190a000-0000-7000-8000-00000000000a';
const TENANT_B = '0190a000-0000-7000-8000-00000000000b';
const READ_WRITE = ['customers:read', 'customers:write'];

let db: TestDatabase;
let keys: TestKeys;
let service: RunningService;

beforeAll(async () => {
  db = await createTestDatabase([{ name: 'customers', migrations }]);
  keys = await createTestKeys();
  service = await startCustomers(testSubgraphEnv(db, keys));
});

afterAll(async () => {
  await service?.close();
  await db?.drop();
});

const create = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id phone name } errors { code field } } }`;

describe('customers subgraph', () => {
  it('normalises the common Uzbek phone formats', () => {
    expect(normalisePhone('+998 90 123-45-67')).toBe('+998901234567');
    expect(normalisePhone('90 123 45 67')).toBe('+998901234567');
    expect(normalisePhone('998901234567')).toBe('+998901234567');
    expect(normalisePhone('8 90 123 45 67')).toBe('+998901234567');
    expect(normalisePhone('phone')).toBeNull();
    expect(normalisePhone('12345')).toBeNull();
  });

  it('answers 401 to a direct call without gateway identity', async () => {
    const res = await postGraphQL(service.url, '{ customerByPhone(phone: "901234567") { id } }');
    expect(res.status).toBe(401);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('creates a customer, finds it by phone in any format, and rejects a duplicate phone', async () => {
    const headers = await identityHeaders(keys, staffIdentity(TENANT_A, READ_WRITE));
    const first = await postGraphQL<{ createCustomer: { customer: { id: string; phone: string } } }>(
      service.url,
      create,
      { input: { phone: '90 111 22 33', name: 'Dilnoza' } },
      headers,
    );
    expect(first.body.errors).toBeUndefined();
    expect(first.body.data?.createCustomer.customer.phone).toBe('+998901112233');

    const dup = await postGraphQL<{ createCustomer: { errors: { code: string }[] } }>(
      service.url,
      create,
      { input: { phone: '+998901112233' } },
      headers,
    );
    expect(dup.body.data?.createCustomer.errors.map((e) => e.code)).toEqual(['DUPLICATE_PHONE']);

    const found = await postGraphQL<{ customerByPhone: { name: string } | null }>(
      service.url,
      '{ customerByPhone(phone: "998 90 111 22 33") { name } }',
      {},
      headers,
    );
    expect(found.body.data?.customerByPhone?.name).toBe('Dilnoza');
  });

  it('needs customers:read to look up and customers:write to create', async () => {
    const readOnly = await identityHeaders(keys, staffIdentity(TENANT_A, ['customers:read']));
    const denied = await postGraphQL(service.url, create, { input: { phone: '90 222 33 44' } }, readOnly);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const allowed = await postGraphQL(
      service.url,
      '{ customerByPhone(phone: "90 222 33 44") { id } }',
      {},
      readOnly,
    );
    expect(allowed.body.errors).toBeUndefined();

    const none = await identityHeaders(keys, staffIdentity(TENANT_A, ['catalog:read']));
    for (const query of [
      '{ customerByPhone(phone: "90 222 33 44") { id } }',
      '{ customer(id: "0190a000-0000-7000-8000-000000000001") { id } }',
    ]) {
      const res = await postGraphQL(service.url, query, {}, none);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
  });

  it('returns INVALID_PHONE as a typed error', async () => {
    const headers = await identityHeaders(keys, staffIdentity(TENANT_A, READ_WRITE));
    const res = await postGraphQL<{ createCustomer: { errors: { code: string; field: string[] }[] } }>(
      service.url,
      create,
      { input: { phone: 'not a phone' } },
      headers,
    );
    expect(res.body.data?.createCustomer.errors).toEqual([
      { code: 'INVALID_PHONE', field: ['input', 'phone'] },
    ]);
  });

  it("never shows tenant A's customer to tenant B, by id or by phone", async () => {
    const a = await identityHeaders(keys, staffIdentity(TENANT_A, READ_WRITE));
    const created = await postGraphQL<{ createCustomer: { customer: { id: string } } }>(
      service.url,
      create,
      { input: { phone: '+998935550011' } },
      a,
    );
    const id = created.body.data!.createCustomer.customer.id;
    const b = await identityHeaders(keys, staffIdentity(TENANT_B, READ_WRITE));
    const byId = await postGraphQL<{ customer: unknown }>(
      service.url,
      `{ customer(id: "${id}") { id } }`,
      {},
      b,
    );
    expect(byId.body.data?.customer).toBeNull();
    const byPhone = await postGraphQL<{ customerByPhone: unknown }>(
      service.url,
      '{ customerByPhone(phone: "+998935550011") { id } }',
      {},
      b,
    );
    expect(byPhone.body.data?.customerByPhone).toBeNull();
  });
});
