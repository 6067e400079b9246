/**
 * The gateway's limits through real HTTP against the whole backend: each limit exactly at and
 * one over, the 1 MB field-repetition request refused before the parser runs while /health keeps
 * answering, cost in `extensions`, anonymous introspection off, the CORS allowlist, an unknown
 * operationName, a bad scalar variable in a subgraph, and graphql-http's GraphQL-over-HTTP audits.
 */
import { DEFAULT_CLASS_LIMITS, DEFAULT_OPERATION_LIMITS, type StartedGateway } from '@jowi/gateway';
import { serverAudits } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStackForTests, type GqlResult, loginHeaders, type TestStack } from './testing.ts';

let stack: TestStack;
let owner: Record<string, string>;
let gateway: StartedGateway;
const L = DEFAULT_OPERATION_LIMITS;

beforeAll(async () => {
  stack = await createStackForTests({ gatewayEnv: { ANONYMOUS_INTROSPECTION: false } });
  owner = await loginHeaders(stack.gatewayUrl, 'owner@demo.uz');
  gateway = stack.services.find((s) => s.name === 'gateway') as StartedGateway;
});
afterAll(async () => stack?.close());

async function post<T = Record<string, unknown>>(
  body: unknown,
  headers: Record<string, string> = owner,
): Promise<GqlResult<T> & { extensions?: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(stack.gatewayUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as object) };
}
const query = (q: string, headers = owner) => post({ query: q }, headers);

async function parsedDocuments(): Promise<number> {
  const text = await (await fetch(gateway.metricsUrl!)).text();
  return Number(/^jowi_graphql_documents_parsed_total\{[^}]*\} (\d+)/m.exec(text)?.[1] ?? 'NaN');
}

function expectLimit(
  res: { status: number; errors?: GqlResult<unknown>['errors'] },
  measure: string,
  found: number,
) {
  expect(res.status, measure).toBe(400);
  expect(res.errors?.[0]?.extensions, measure).toMatchObject({ measure, found });
}

const repeat = (n: number, f: (i: number) => string, sep = ' ') =>
  Array.from({ length: n }, (_, i) => f(i)).join(sep);

describe('each limit, exactly at and one over', () => {
  it('aliases', async () => {
    const at = await query(`{ me { ${repeat(L.aliases, (i) => `a${i}: id`)} } }`);
    expect(at.errors).toBeUndefined();
    const over = await query(`{ me { ${repeat(L.aliases + 1, (i) => `a${i}: id`)} } }`);
    expectLimit(over, 'aliases', L.aliases + 1);
    expect(over.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COMPLEX',
      measure: 'aliases',
      limit: L.aliases,
      found: L.aliases + 1,
    });
  });

  it('root fields', async () => {
    const roots = (n: number) => `{ ${repeat(n, (i) => `r${i}: me { id }`)} }`;
    expect((await query(roots(L.rootFields))).errors).toBeUndefined();
    expectLimit(await query(roots(L.rootFields + 1)), 'rootFields', L.rootFields + 1);
  });

  it('total fields, fragments expanded', async () => {
    // `me` plus (limit − 1) fields through a fragment spread twice.
    const half = (L.fields - 1) / 2;
    const doc = (n: number) => `{ me { ...F ...F } } fragment F on Staff { ${repeat(n, () => 'id')} }`;
    expect(Number.isInteger(half)).toBe(false);
    const atCount = Math.floor(half); // me + 2 × 749 = 1499 fields
    expect((await query(doc(atCount).replace('{ me {', '{ me { id'))).errors).toBeUndefined();
    expectLimit(await query(doc(atCount + 1)), 'fields', L.fields + 1);
  });

  it('directives', async () => {
    const doc = (n: number) => `{ me { ${repeat(n, () => 'id @include(if: true)')} } }`;
    expect((await query(doc(L.directives))).errors).toBeUndefined();
    expectLimit(await query(doc(L.directives + 1)), 'directives', L.directives + 1);
  });

  it('inline-fragment nesting', async () => {
    const doc = (n: number) => `{ ${'... on Query { '.repeat(n)}me { id }${' }'.repeat(n)} }`;
    expect((await query(doc(L.inlineFragmentNesting))).errors).toBeUndefined();
    expectLimit(
      await query(doc(L.inlineFragmentNesting + 1)),
      'inlineFragmentNesting',
      L.inlineFragmentNesting + 1,
    );
  });

  it('depth', async () => {
    // __type(1) ofType(2) … name(depth): a chain without lists, so its cost stays small.
    const doc = (depth: number) => {
      let inner = 'name';
      for (let level = depth - 1; level > 1; level--) inner = `ofType { ${inner} }`;
      return `{ __type(name: "Query") { ${inner} } }`;
    };
    expect((await query(doc(L.depth))).errors).toBeUndefined();
    expectLimit(await query(doc(L.depth + 1)), 'depth', L.depth + 1);
  });

  it('tokens, before parsing', async () => {
    // `{ me { id … } }` is 5 tokens plus one per `id`; at the limit it passes the token check.
    const doc = (tokens: number) => `{ me { ${repeat(tokens - 5, () => 'id')} } }`;
    const at = await query(doc(L.tokens));
    expect(at.errors?.[0]?.extensions?.code ?? 'none').not.toBe('QUERY_TOO_LARGE');
    const over = await query(doc(L.tokens + 1));
    expect(over.status).toBe(400);
    expect(over.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_LARGE',
      measure: 'tokens',
      limit: L.tokens,
      found: L.tokens + 1,
    });
  });

  it('query length, before parsing', async () => {
    const doc = (length: number) => `{ me { id } }${' '.repeat(length - 13)}`;
    expect((await query(doc(L.queryLength))).errors).toBeUndefined();
    const over = await query(doc(L.queryLength + 1));
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', measure: 'length' });
  });

  it('body size: 256 KiB anonymous, 1 MiB signed in', async () => {
    const body = (bytes: number) => {
      const base = JSON.stringify({ query: '{ __typename }', variables: { pad: '' } });
      return JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(bytes - base.length) } });
    };
    const anonymous = { 'content-type': 'application/json' };
    const anonymousLimit = DEFAULT_CLASS_LIMITS.anonymous.bodyBytes;
    expect((await post(body(anonymousLimit), anonymous)).status).toBe(200);
    const over = await post(body(anonymousLimit + 1), anonymous);
    expect(over.status).toBe(413);
    expect(over.errors?.[0]?.extensions).toMatchObject({ code: 'REQUEST_TOO_LARGE', limit: anonymousLimit });
    const signedIn = DEFAULT_CLASS_LIMITS.staff.bodyBytes;
    expect((await post(body(signedIn))).status).toBe(200);
    expect((await post(body(signedIn + 1))).status).toBe(413);
  });

  it('cost: per-operation limit, and extensions.cost on every answer', async () => {
    const limit = DEFAULT_CLASS_LIMITS.anonymous.maxCost;
    const anonymous = { 'content-type': 'application/json' };
    // Each `products(first: n)` costs 1 + 2n: 3 × (1 + 2 × 124) + (1 + 2 × 126) = 1000.
    const doc = (last: number) =>
      `{ ${repeat(3, (i) => `p${i}: products(first: 124) { edges { node { id } } }`)} q: products(first: ${last}) { edges { node { id } } } }`;
    const at = await query(doc(126), anonymous);
    // Within the cost limit; then the catalog refuses an anonymous caller, as it should.
    expect(at.errors?.map((e) => e.extensions?.code)).not.toContain('QUERY_TOO_COSTLY');
    expect(at.extensions?.cost).toMatchObject({ requested: limit, limit });
    const over = await query(doc(127), anonymous);
    expect(over.status).toBe(400);
    expect(over.errors?.[0]?.extensions).toEqual({
      code: 'QUERY_TOO_COSTLY',
      cost: { requested: limit + 2, limit },
    });
    // The actual cost counts what came back (a demo tenant has fewer than 124 products).
    const products = await query('{ products(first: 250) { edges { node { id } } } }');
    const cost = products.extensions?.cost as { requested: number; actual: number };
    const count = (products.data as { products: { edges: unknown[] } }).products.edges.length;
    expect(cost).toMatchObject({ requested: 501, actual: 1 + 2 * count });
    expect(products.extensions?.rateLimit).toMatchObject({
      capacity: DEFAULT_CLASS_LIMITS.staff.bucket.capacity,
      refillPerSecond: DEFAULT_CLASS_LIMITS.staff.bucket.refillPerSecond,
    });
  });
});

describe('the 1 MB field-repetition request', () => {
  const million = `{ ${'__typename '.repeat(95_000)}}`;

  it('is refused before the parser runs, by size when anonymous and by length when signed in', async () => {
    expect(million.length).toBeGreaterThan(1_000_000);
    const before = await parsedDocuments();
    const anonymous = await post({ query: million }, { 'content-type': 'application/json' });
    expect(anonymous.status).toBe(413);
    const signedIn = await post({ query: million });
    expect(signedIn.status).toBe(400);
    expect(signedIn.errors?.[0]?.extensions).toMatchObject({ code: 'QUERY_TOO_LARGE', measure: 'length' });
    // 100 000 arguments (over 1 MiB) and 1 000 aliases likewise never reach the parser.
    const args = await post({ query: `{ me(${repeat(100_000, (i) => `a${i}: 1`, ', ')}) { id } }` });
    expect(args.errors?.[0]?.extensions?.code).toBe('REQUEST_TOO_LARGE');
    const aliases = await post({
      query: `{ ${repeat(1000, (i) => `p${i}: products(first: 1) { edges { node { id } } }`)} }`,
    });
    expect(aliases.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_LARGE');
    expect(await parsedDocuments()).toBe(before);
  });

  it('does not stop /health from answering while such requests arrive', async () => {
    const flood = Array.from({ length: 20 }, () => post({ query: million }));
    const health = await fetch(stack.gatewayUrl.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
    for (const res of await Promise.all(flood)) expect(res.status).toBe(400);
  });
});

describe('fixes', () => {
  it('an operationName the document does not have is 400, not 500', async () => {
    const res = await post({ query: 'query A { me { id } }', operationName: 'B' });
    expect(res.status).toBe(400);
    expect(res.errors?.[0]?.extensions?.code).toBe('OPERATION_RESOLUTION_FAILURE');
    const metrics = await (await fetch(gateway.metricsUrl!)).text();
    expect(metrics).not.toMatch(/operation="B"/);
  });

  it('a bad Date or Money variable in a subgraph is BAD_USER_INPUT with the reason', async () => {
    const store = (await query('{ stores(first: 1) { edges { node { id } } } }')).data as {
      stores: { edges: { node: { id: string } }[] };
    };
    const storeId = store.stores.edges[0]!.node.id;
    const date = await post({
      query: 'query($s: ID!, $d: Date!) { dailySalesSummary(storeId: $s, date: $d) { receipts } }',
      variables: { s: storeId, d: '2026-02-30' },
    });
    expect(date.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(date.errors?.[0]?.message).toMatch(/Date must be a calendar date/);
    const money = await post({
      query: 'mutation($i: CreateProductInput!) { createProduct(input: $i) { errors { code } } }',
      variables: {
        i: { sku: 'M-1', name: 'Bad money', price: '12.345', vatRate: 12, ikpu: '1', packageCode: '1' },
      },
    });
    expect(money.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(money.errors?.[0]?.extensions?.reason).toEqual(expect.any(String));
  });

  it('anonymous callers get no introspection and no "Did you mean"; signed-in callers introspect', async () => {
    const anonymous = { 'content-type': 'application/json' };
    const intro = await query('{ __schema { queryType { name } } }', anonymous);
    expect(intro.status).toBe(403);
    expect(intro.errors?.[0]?.extensions?.code).toBe('INTROSPECTION_DISABLED');
    expect((await query('{ __schema { queryType { name } } }')).data).toEqual({
      __schema: { queryType: { name: 'Query' } },
    });
    const typo = await query('{ product(id: "x") { nam } }', anonymous);
    expect(typo.errors?.[0]?.message).toBe('Cannot query field "nam" on type "Product".');
    const typoSignedIn = await query('{ product(id: "x") { nam } }');
    expect(typoSignedIn.errors?.[0]?.message).toMatch(/Did you mean "name"/);
  });

  it('CORS allows only configured origins and the POS’s client-version header', async () => {
    const preflight = (origin: string) =>
      fetch(stack.gatewayUrl, {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type, x-jowi-client-version',
        },
      });
    const admin = await preflight('http://localhost:3000');
    expect(admin.status).toBe(204);
    expect(admin.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(admin.headers.get('access-control-allow-headers')).toContain('x-jowi-client-version');
    const pos = await preflight('http://127.0.0.1:5173');
    expect(pos.headers.get('access-control-allow-origin')).toBe('http://127.0.0.1:5173');
    const evil = await preflight('https://evil.example');
    expect(evil.status).toBe(403);
    expect(evil.headers.get('access-control-allow-origin')).toBeNull();
    const simple = await post(
      { query: '{ __typename }' },
      { 'content-type': 'application/json', origin: 'https://evil.example' },
    );
    expect(simple.headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('GraphQL over HTTP', () => {
  it('passes graphql-http’s server audits with no errors', async () => {
    // As a signed-in client: some audits introspect (`__type`), which anonymous callers may not here.
    const fetchFn = (url: string, init?: RequestInit) =>
      fetch(url, {
        ...init,
        headers: { ...(init?.headers as Record<string, string>), authorization: owner.authorization! },
      });
    const results = await serverAudits({ url: () => stack.gatewayUrl, fetchFn });
    const outcomes = await Promise.all(results.map(async (audit) => ({ audit, result: await audit.fn() })));
    const errors = outcomes.filter((o) => o.result.status === 'error');
    expect(errors.map((o) => `${o.audit.id} ${o.audit.name}`)).toEqual([]);
    expect(outcomes.filter((o) => o.result.status === 'ok').length).toBeGreaterThan(50);
  });
});
