/**
 * API keys and role permissions through the whole stack: an integrator's key acts only within
 * its tenant and scopes, stops working once revoked (the gateway cache is 0 s here), and is
 * marked used; a cashier sells but cannot edit the catalog; an accountant cannot sell.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { createApiKeyAuthenticator } from '@jowi/gateway';
import { createLogger, importKey, newId } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStackForTests,
  type GqlResult,
  gatewayClient,
  loginHeaders,
  type TestStack,
} from './testing.ts';

let stack: TestStack;
let owner: Record<string, string>;
const demo = DEMO_TENANTS[0]!;
const demo2 = DEMO_TENANTS[1]!;

const gql = gatewayClient(() => stack.gatewayUrl);

const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
const codeOf = (res: GqlResult<unknown>) => res.errors?.[0]?.extensions?.code;

const CREATE_KEY = `mutation($input: CreateApiKeyInput!) {
  createApiKey(input: $input) { apiKey { id prefix scopes } secret errors { code } } }`;
const PRODUCTS = '{ products(first: 100) { edges { node { id name price } } } }';
const CREATE_PRODUCT = `mutation($input: CreateProductInput!) {
  createProduct(input: $input) { product { id } errors { code } } }`;
const SYNC = `mutation($input: SyncSalesInput!) {
  syncSales(input: $input) { results { id status error { code } } errors { code } } }`;

const productInput = () => ({
  sku: `KEY-${newId().slice(-6)}`,
  name: 'Qatiq 0.5 l',
  price: '8500.00',
  vatRate: 12,
  ikpu: '10401001001000000',
  packageCode: '1500',
  unit: 'pcs',
});
function plovSale() {
  const plov = demo.products[0]!;
  const price = `${plov.price / 100n}.00`;
  return {
    id: newId(),
    createdAt: '2026-11-28T09:30:00Z',
    lines: [{ productId: plov.id, quantity: '1.000', unitPrice: price }],
    payments: [{ method: 'CASH', amount: price }],
    total: price,
  };
}
const syncInput = () => ({ terminalId: demo.stores[0]!.terminals[0]!.id, sales: [plovSale()] });

async function createKey(scopes: string[], headers = owner) {
  const res = await gql<{
    createApiKey: {
      apiKey: { id: string; prefix: string } | null;
      secret: string | null;
      errors: { code: string }[];
    };
  }>(CREATE_KEY, { input: { name: `test ${scopes.join(' ')}`, scopes } }, headers);
  expect(res.errors).toBeUndefined();
  expect(res.data!.createApiKey.errors).toEqual([]);
  return { id: res.data!.createApiKey.apiKey!.id, secret: res.data!.createApiKey.secret! };
}

beforeAll(async () => {
  stack = await createStackForTests();
  owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
});
afterAll(async () => stack?.close());

describe('API keys through the gateway', () => {
  it('a read:catalog key lists its tenant’s products but can neither write the catalog nor sync sales', async () => {
    const { id, secret } = await createKey(['read:catalog']);

    for (const headers of [bearer(secret), { 'x-api-key': secret }]) {
      const res = await gql<{ products: { edges: { node: { id: string } }[] } }>(PRODUCTS, {}, headers);
      expect(res.errors).toBeUndefined();
      const ids = res.data!.products.edges.map((e) => e.node.id);
      expect(ids.length).toBeGreaterThan(0);
      expect(ids.every((pid) => demo.products.some((p) => p.id === pid))).toBe(true);
      expect(ids.some((pid) => demo2.products.some((p) => p.id === pid))).toBe(false);
    }
    // A guessed id of the other tenant resolves to nothing.
    const guessed = await gql<{ product: unknown }>(
      'query($id: ID!) { product(id: $id) { id name } }',
      { id: demo2.products[0]!.id },
      bearer(secret),
    );
    expect(guessed.errors).toBeUndefined();
    expect(guessed.data?.product).toBeNull();

    expect(codeOf(await gql(CREATE_PRODUCT, { input: productInput() }, bearer(secret)))).toBe('FORBIDDEN');
    expect(codeOf(await gql(SYNC, { input: syncInput() }, bearer(secret)))).toBe('FORBIDDEN');
    expect(codeOf(await gql('{ sales(first: 5) { edges { node { id } } } }', {}, bearer(secret)))).toBe(
      'FORBIDDEN',
    );
    // A key manages nothing: it has no apikeys:manage, whatever its scopes.
    expect(codeOf(await gql('{ apiKeys { id } }', {}, bearer(secret)))).toBe('FORBIDDEN');

    const used = await stack.db.admin<{ last_used_at: Date | null }>(
      'SELECT last_used_at FROM identity.api_key WHERE id = $1',
      [id],
    );
    expect(used[0]!.last_used_at).toBeInstanceOf(Date);
  });

  it('a write:sales key of demo2 works in demo2 only; demo never sees its sale', async () => {
    const owner2 = await loginHeaders(stack.gatewayUrl, 'owner@demo2.uz');
    const { secret } = await createKey(['write:sales', 'read:catalog'], owner2);
    const products = await gql<{ products: { edges: { node: { id: string } }[] } }>(
      PRODUCTS,
      {},
      bearer(secret),
    );
    const ids = products.data!.products.edges.map((e) => e.node.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((pid) => demo2.products.some((p) => p.id === pid))).toBe(true);

    const product = demo2.products[0]!;
    const price = `${product.price / 100n}.00`;
    const sale = { ...plovSale(), lines: [{ productId: product.id, quantity: '1.000', unitPrice: price }] };
    sale.payments = [{ method: 'CASH', amount: price }];
    sale.total = price;
    const res = await gql<{ syncSales: { results: { status: string }[] } }>(
      SYNC,
      { input: { terminalId: demo2.stores[0]!.terminals[0]!.id, sales: [sale] } },
      bearer(secret),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.syncSales.results.map((r) => r.status)).toEqual(['CREATED']);

    const SALE = 'query($id: ID!) { sale(id: $id) { id } }';
    expect(
      (await gql<{ sale: { id: string } | null }>(SALE, { id: sale.id }, bearer(secret))).data?.sale?.id,
    ).toBe(sale.id);
    const demoReader = await createKey(['read:sales']);
    const seen = await gql<{ sale: unknown }>(SALE, { id: sale.id }, bearer(demoReader.secret));
    expect(seen.errors).toBeUndefined();
    expect(seen.data?.sale).toBeNull();
  });

  it('refuses unknown, malformed and revoked keys with 401 API_KEY_INVALID', async () => {
    const { id, secret } = await createKey(['read:catalog']);
    expect((await gql(PRODUCTS, {}, bearer(secret))).errors).toBeUndefined();

    const revoke = await gql<{ revokeApiKey: { errors: unknown[] } }>(
      'mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { errors { code } } }',
      { input: { id } },
      owner,
    );
    expect(revoke.data?.revokeApiKey.errors).toEqual([]);

    const forged = `${secret.slice(0, 14)}${'x'.repeat(43)}`;
    for (const headers of [
      bearer(secret),
      { 'x-api-key': secret },
      bearer(forged),
      { 'x-api-key': 'jowi_garbage' },
    ]) {
      const res = await gql(PRODUCTS, {}, headers);
      expect(res.status).toBe(401);
      expect(res.errors?.[0]?.extensions).toMatchObject({
        code: 'UNAUTHENTICATED',
        reason: 'API_KEY_INVALID',
      });
    }
  });
});

describe('the gateway API key cache', () => {
  it('trusts a verified key for its cache time, so a revocation shows once that has passed', async () => {
    const { id, secret } = await createKey(['read:catalog']);
    const authenticator = createApiKeyAuthenticator({
      identityUrl: () => stack.services.find((s) => s.name === 'identity')!.url,
      signingKey: await importKey(stack.keys.gateway.privateJwk),
      signingKid: 'gateway-test',
      cacheSeconds: 1,
      log: createLogger('apikeys-spec', 'silent'),
    });
    const first = await authenticator.authenticate(secret);
    expect(first).toMatchObject({
      ok: true,
      identity: { kind: 'apikey', tenantId: demo.id, subject: id, roles: [] },
    });
    expect(first.ok && first.identity.permissions).toEqual(['catalog:read']);

    await gql(
      'mutation($input: RevokeApiKeyInput!) { revokeApiKey(input: $input) { errors { code } } }',
      { input: { id } },
      owner,
    );
    // Within the cache time the revoked key still passes (documented: up to API_KEY_CACHE_SECONDS)…
    expect((await authenticator.authenticate(secret)).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    // …and after it, it is refused.
    expect(await authenticator.authenticate(secret)).toEqual({ ok: false, reason: 'API_KEY_INVALID' });
  });

  it('fails closed when identity cannot be asked', async () => {
    const authenticator = createApiKeyAuthenticator({
      identityUrl: () => 'http://127.0.0.1:9/graphql',
      signingKey: await importKey(stack.keys.gateway.privateJwk),
      signingKid: 'gateway-test',
      cacheSeconds: 30,
      log: createLogger('apikeys-spec', 'silent'),
    });
    expect(await authenticator.authenticate(`jowi_abcdefgh_${'a'.repeat(43)}`)).toEqual({
      ok: false,
      reason: 'API_KEY_UNVERIFIABLE',
    });
  });
});

describe('role permissions through the gateway', () => {
  it('a cashier syncs sales but cannot create products', async () => {
    const cashier = await loginHeaders(stack.gatewayUrl, 'cashier@demo.uz');
    const res = await gql<{ syncSales: { results: { status: string }[] } }>(
      SYNC,
      { input: syncInput() },
      cashier,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.syncSales.results.map((r) => r.status)).toEqual(['CREATED']);
    expect(codeOf(await gql(CREATE_PRODUCT, { input: productInput() }, cashier))).toBe('FORBIDDEN');
  });

  it('an accountant reads sales but cannot sync them; a custom role grants just what it lists', async () => {
    const manager = demo.staff.find((s) => s.roles.includes('manager'))!;
    const ASSIGN = `mutation($input: AssignStaffRolesInput!) {
      assignStaffRoles(input: $input) { staff { roles } errors { code } } }`;
    const made = await gql<{ assignStaffRoles: { errors: unknown[] } }>(
      ASSIGN,
      { input: { staffId: manager.id, roles: ['accountant'] } },
      owner,
    );
    expect(made.data?.assignStaffRoles.errors).toEqual([]);
    const accountant = await loginHeaders(stack.gatewayUrl, 'manager@demo.uz');
    expect(codeOf(await gql(SYNC, { input: syncInput() }, accountant))).toBe('FORBIDDEN');
    expect(
      (await gql('{ sales(first: 5) { edges { node { id } } } }', {}, accountant)).errors,
    ).toBeUndefined();

    const role = await gql<{ createRole: { errors: unknown[] } }>(
      'mutation($input: CreateRoleInput!) { createRole(input: $input) { errors { code } } }',
      { input: { name: 'Customer desk', permissions: ['customers:read', 'customers:write'] } },
      owner,
    );
    expect(role.data?.createRole.errors).toEqual([]);
    await gql(ASSIGN, { input: { staffId: manager.id, roles: ['Customer desk'] } }, owner);
    const desk = await loginHeaders(stack.gatewayUrl, 'manager@demo.uz');
    const customer = await gql<{ createCustomer: { errors: unknown[] } }>(
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { errors { code } } }',
      { input: { phone: '+998 90 777 66 55', name: 'Desk test' } },
      desk,
    );
    expect(customer.errors).toBeUndefined();
    expect(codeOf(await gql(PRODUCTS, {}, desk))).toBe('FORBIDDEN');
    await gql(ASSIGN, { input: { staffId: manager.id, roles: ['manager'] } }, owner);
  });
});
