/**
 * Bad input through the gateway gets a clear error and nothing else (issue 3): injection-looking
 * names are stored and returned literally, oversized input is refused with a typed error or
 * 413, malformed requests get 400, and a token for a tenant that does not exist sees nothing.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { importKey, newId, signAccessToken } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStackForTests, loginHeaders, type TestStack } from './testing.ts';

const demo = DEMO_TENANTS[0]!;
const SQL_NAME = "'); DROP TABLE catalog.product; --";
const SCRIPT_NAME = '<script>alert(1)</script>';
const ODD_NAMES = [
  SQL_NAME,
  SCRIPT_NAME,
  "\"; DELETE FROM customers.customer WHERE '1'='1",
  'Robert\\"); --',
];

let stack: TestStack;
let owner: Record<string, string>;

type Gql<T> = {
  status: number;
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
};

async function send(body: string, headers: Record<string, string> = owner): Promise<Gql<unknown>> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
  });
  const text = await response.text();
  return { status: response.status, ...(JSON.parse(text) as object) };
}
const gql = async <T>(query: string, variables: Record<string, unknown> = {}, headers = owner) =>
  (await send(JSON.stringify({ query, variables }), headers)) as Gql<T>;

beforeAll(async () => {
  stack = await createStackForTests();
  owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
});
afterAll(async () => stack?.close());

const CREATE_PRODUCT = `mutation($input: CreateProductInput!) {
  createProduct(input: $input) { product { id name } errors { code field } }
}`;
const productInput = (name: string, sku: string) => {
  const template = demo.products[0]!;
  return {
    sku,
    name,
    price: '1000.00',
    vatRate: 12,
    ikpu: template.ikpu,
    packageCode: template.packageCode,
  };
};

describe('injection-looking names', () => {
  it('createProduct stores and returns them literally; the tables are still there', async () => {
    for (const [i, name] of ODD_NAMES.entries()) {
      const res = await gql<{
        createProduct: { product: { id: string; name: string } | null; errors: unknown[] };
      }>(CREATE_PRODUCT, { input: productInput(name, `SEC-${i}`) });
      expect(res.errors, name).toBeUndefined();
      expect(res.data?.createProduct.errors, name).toEqual([]);
      const product = res.data!.createProduct.product!;
      expect(product.name).toBe(name);
      const read = await gql<{ product: { name: string } }>('query($id: ID!) { product(id: $id) { name } }', {
        id: product.id,
      });
      expect(read.data?.product.name).toBe(name);
      const [row] = await stack.db.admin<{ name: string }>('SELECT name FROM catalog.product WHERE id = $1', [
        product.id,
      ]);
      expect(row?.name).toBe(name);
    }
    // Searching by such a string is just a search.
    const search = await gql<{ products: { edges: { node: { name: string } }[] } }>(
      'query($q: String) { products(first: 10, filter: { search: $q }) { edges { node { name } } } }',
      { q: SQL_NAME },
    );
    expect(search.errors).toBeUndefined();
    expect(search.data?.products.edges.map((e) => e.node.name)).toEqual([SQL_NAME]);
    const tables = await stack.db.admin<{ product: string | null; customer: string | null }>(
      "SELECT to_regclass('catalog.product')::text AS product, to_regclass('customers.customer')::text AS customer",
    );
    expect(tables[0]).toEqual({ product: 'catalog.product', customer: 'customers.customer' });
    const [count] = await stack.db.admin<{ n: string }>(
      'SELECT count(*) AS n FROM catalog.product WHERE tenant_id = $1',
      [demo.id],
    );
    expect(Number(count!.n)).toBe(demo.products.length + ODD_NAMES.length);
  });

  it('createCustomer stores and returns them literally', async () => {
    for (const [i, name] of ODD_NAMES.entries()) {
      const res = await gql<{
        createCustomer: { customer: { id: string; name: string } | null; errors: unknown[] };
      }>(
        'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id name } errors { code } } }',
        { input: { phone: `+99893${String(1000000 + i)}`, name } },
      );
      expect(res.data?.createCustomer.errors, name).toEqual([]);
      const customer = res.data!.createCustomer.customer!;
      expect(customer.name).toBe(name);
      const read = await gql<{ customer: { name: string } }>(
        'query($id: ID!) { customer(id: $id) { name } }',
        {
          id: customer.id,
        },
      );
      expect(read.data?.customer.name).toBe(name);
    }
  });
});

describe('oversized input', () => {
  it('a 10 000-character product name is INVALID_NAME and nothing is stored', async () => {
    const res = await gql<{
      createProduct: { product: unknown; errors: { code: string; field: string[] }[] };
    }>(CREATE_PRODUCT, { input: productInput('x'.repeat(10_000), 'SEC-LONG') });
    expect(res.data?.createProduct).toEqual({
      product: null,
      errors: [{ code: 'INVALID_NAME', field: ['input', 'name'] }],
    });
    const rows = await stack.db.admin("SELECT 1 FROM catalog.product WHERE sku = 'SEC-LONG'");
    expect(rows).toEqual([]);
  });

  it('a 10 000-character customer name is INVALID_NAME', async () => {
    const res = await gql<{
      createCustomer: { customer: unknown; errors: { code: string; field: string[] }[] };
    }>(
      'mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { customer { id } errors { code field } } }',
      { input: { phone: '+998931999999', name: 'x'.repeat(10_000) } },
    );
    expect(res.data?.createCustomer).toEqual({
      customer: null,
      errors: [{ code: 'INVALID_NAME', field: ['input', 'name'] }],
    });
  });

  it('a body over the limit gets 413 with a clear message, and the gateway keeps answering', async () => {
    const body = JSON.stringify({ query: '{ me { id } }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    const res = await send(body);
    expect(res.status).toBe(413);
    expect(res.errors?.[0]).toMatchObject({
      message: expect.stringMatching(/too large \(limit 1048576 bytes\)/i),
      extensions: { code: 'REQUEST_TOO_LARGE', limit: 1048576 },
    });
    // Without a Content-Length (chunked upload), the limit applies while reading.
    const chunk = new TextEncoder().encode('x'.repeat(1024 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent === 0) controller.enqueue(new TextEncoder().encode('{"query":"{ me { id } }","pad":"'));
        if (sent++ < 3) controller.enqueue(chunk);
        else controller.close();
      },
    });
    const chunked = await fetch(stack.gatewayUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...owner },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(chunked.status).toBe(413);
    // A 413 used to leave the keep-alive connection waiting for the unread upload, so the next
    // request on it hung; the gateway now closes that connection.
    const next = await gql<{ me: { id: string } }>('{ me { id } }');
    expect(next.status).toBe(200);
    expect(next.data?.me.id).toBe(demo.staff.find((s) => s.roles.includes('owner'))!.id);
  });

  it('first: 100000 is refused by its cost before any subgraph runs', async () => {
    const res = await gql('{ products(first: 100000) { edges { node { id } } } }');
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COSTLY',
      cost: { requested: 200_001, limit: 25_000 },
    });
  });
});

describe('malformed requests', () => {
  it('a body that is not JSON is 400', async () => {
    for (const body of ['{"query": "{ me { id } }"', 'not json at all', '{"query": 1e999999999']) {
      const res = await send(body);
      expect(res.status, body).toBe(400);
      expect(res.errors?.[0]?.extensions?.code, body).toBe('BAD_REQUEST');
    }
  });

  it('an unknown field or argument is a validation error, not a 500', async () => {
    for (const query of [
      '{ products(first: 1) { edges { node { id passwordHash } } } }',
      '{ dropAllTables }',
      '{ product(id: "x", evil: true) { id } }',
      'mutation { createProduct { product { id } } }',
    ]) {
      const res = await gql(query);
      expect(res.status, query).toBe(400);
      expect(res.errors?.[0]?.extensions?.code, query).toBe('GRAPHQL_VALIDATION_FAILED');
    }
    const syntax = await gql('{ products(first: ) }');
    expect(syntax.status).toBe(400);
    expect(syntax.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
  });

  it('a malformed id is null or a user error, never a 500', async () => {
    for (const [query, field] of [
      ['{ product(id: "1 OR 1=1") { id } }', 'product'],
      ['{ sale(id: "\'; DROP TABLE sales.sale; --") { id } }', 'sale'],
      ['{ customer(id: "<script>") { id } }', 'customer'],
      ['{ fiscalReceipt(saleId: "not-a-uuid") { id } }', 'fiscalReceipt'],
      ['{ stockMovements(productId: "../../etc/passwd") { quantity } }', 'stockMovements'],
    ] as const) {
      const res = await gql<Record<string, unknown>>(query);
      expect(res.status, query).toBe(200);
      if (res.errors) expect(res.errors[0]?.extensions?.code, query).toBe('BAD_USER_INPUT');
      else expect([null, []], query).toContainEqual(res.data?.[field]);
    }
  });
});

describe('a token for a tenant that does not exist', () => {
  it('sees nothing at all, never another tenant’s data', async () => {
    const ghost = newId();
    const { token } = await signAccessToken(
      await importKey(stack.keys.identity.privateJwk),
      'identity-test',
      {
        sub: demo.staff[0]!.id,
        tid: ghost,
        kind: 'staff',
        roles: ['owner'],
        perms: ['*'],
      },
    );
    const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    const res = await gql<{
      me: unknown;
      products: { edges: unknown[] };
      stores: { edges: unknown[] };
      product: unknown;
      sales: { edges: unknown[] };
      customer: unknown;
      auditLog: { edges: unknown[] };
    }>(
      `query($p: ID!, $c: ID!) {
        me { id }
        products(first: 250) { edges { node { id } } }
        stores { edges { node { id } } }
        product(id: $p) { id }
        sales(first: 250) { edges { node { id } } }
        customer(id: $c) { id }
        auditLog(first: 250) { edges { node { seq } } }
      }`,
      { p: demo.products[0]!.id, c: demo.customers[0]!.id },
      headers,
    );
    // The gateway asks identity whether the token's staff member is active: nobody by that id in
    // that tenant is not, so the request is refused at the door before any subgraph runs.
    expect(res.status).toBe(401);
    expect(res.data ?? null).toBeNull();
    expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(JSON.stringify(res.errors)).not.toContain(demo.products[0]!.id);
  });
});
