/**
 * In-flight sharing of identical subgraph reads (subgraph-sharing.ts): what shares and what never
 * does. The data source and fetcher are the gateway's own, the subgraph a real HTTP server that
 * holds queries until the test releases them, so "in flight together" is certain, not timed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Identity } from '@jowi/server-kit';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SubgraphDataSource } from './subgraph-data-source.ts';
import { createSubgraphFetcher } from './subgraph-fetcher.ts';
import { createSubgraphSharing, SUBJECT_FREE_SUBGRAPHS } from './subgraph-sharing.ts';

const TENANT_A = 'af26d4cb-4b3d-8e6a-a364-5eabd6192517';
const TENANT_B = 'f2c8a669-ebfe-8169-a537-c57ce81d4f83';
const CASHIER = ['catalog:read', 'inventory:read', 'sales:read'];
const staff = (tenantId: string, subject: string, permissions = CASHIER, terminalId?: string): Identity => ({
  kind: 'staff',
  tenantId,
  subject,
  roles: permissions.includes('catalog:cost') ? ['manager'] : ['cashier'],
  permissions,
  clientIp: `10.0.0.${subject.length}`,
  terminalId: terminalId ?? null,
});
const PAGE = 'query Page__catalog__0{products(first:50){edges{node{id price costPrice}}}}';

interface Seen {
  body: string;
  identity: string;
  shareHeader: string | undefined;
}

describe('in-flight sharing of identical subgraph reads', () => {
  let server: http.Server;
  let url: string;
  const seen: Seen[] = [];
  let held: { res: http.ServerResponse; seen: Seen }[] = [];
  let waiters: { count: number; resolve: () => void }[] = [];
  /** How the next held query is answered: 200 with the caller's identity, or a failure. */
  let failNext = false;
  const fetcher = createSubgraphFetcher();

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const entry = {
          body,
          identity: String(req.headers['x-jowi-identity']),
          shareHeader: req.headers['x-jowi-share-scope'] as string | undefined,
        };
        seen.push(entry);
        if (body.includes('mutation')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ data: { write: entry.identity } }));
        } else held.push({ res, seen: entry });
        for (const w of waiters.filter((w) => seen.length >= w.count)) w.resolve();
        waiters = waiters.filter((w) => seen.length < w.count);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  });
  afterEach(() => {
    seen.length = 0;
    held = [];
  });
  afterAll(async () => {
    await fetcher.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  /** Resolves once the subgraph has received `count` requests in this test. */
  const received = (count: number) =>
    new Promise<void>((resolve) => {
      if (seen.length >= count) resolve();
      else waiters.push({ count, resolve });
    });
  /** Lets every caller reach the fetcher, then answers the held queries. */
  const release = async () => {
    await new Promise((resolve) => setImmediate(resolve));
    for (const { res, seen: entry } of held.splice(0)) {
      if (failNext) {
        failNext = false;
        res.writeHead(500, { 'content-type': 'application/json' }).end('{"errors":[{"message":"boom"}]}');
        continue;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { products: { by: entry.identity } } }));
    }
  };

  const sharing = createSubgraphSharing();
  const source = (name: string) => new SubgraphDataSource({ url, fetcher: fetcher.fetcher, name, sharing });
  const call = (
    dataSource: SubgraphDataSource,
    identity: Identity,
    query = PAGE,
    operation: 'query' | 'mutation' = 'query',
  ) =>
    dataSource.process({
      kind: 'incoming operation',
      request: { query, variables: { first: 50 } },
      context: {
        identity,
        identityToken: async () => `token:${identity.tenantId}:${identity.subject}:${identity.permissions}`,
      },
      incomingRequestContext: { operation: { operation } },
    } as unknown as Parameters<SubgraphDataSource['process']>[0]);

  it('sends one catalog read for two cashiers of one tenant with the same permissions; each gets its own copy', async () => {
    const catalog = source('catalog');
    const before = { ...fetcher.sharing };
    const a = call(catalog, staff(TENANT_A, 'cashier-1', CASHIER, 'terminal-1'));
    const b = call(catalog, staff(TENANT_A, 'cashier-2', CASHIER, 'terminal-2'));
    await received(1);
    await release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(seen).toHaveLength(1);
    // The internal scope header is consumed by the fetcher, never sent.
    expect(seen[0]!.shareHeader).toBeUndefined();
    expect(ra.data).toEqual(rb.data);
    expect(ra.data).not.toBe(rb.data);
    (ra.data as { products: Record<string, unknown> }).products.stock = 7;
    expect((rb.data as { products: Record<string, unknown> }).products.stock).toBeUndefined();
    expect(fetcher.sharing.sent - before.sent).toBe(1);
    expect(fetcher.sharing.joined - before.joined).toBe(1);
  });

  it('never shares between two tenants', async () => {
    const catalog = source('catalog');
    const a = call(catalog, staff(TENANT_A, 'cashier-1'));
    const b = call(catalog, staff(TENANT_B, 'cashier-1'));
    await received(2);
    await release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(seen).toHaveLength(2);
    expect(ra.data).toEqual({ products: { by: `token:${TENANT_A}:cashier-1:${CASHIER}` } });
    expect(rb.data).toEqual({ products: { by: `token:${TENANT_B}:cashier-1:${CASHIER}` } });
  });

  it('never shares between different permissions (costPrice with and without catalog:cost)', async () => {
    const catalog = source('catalog');
    const withCost = [...CASHIER, 'catalog:cost'];
    const a = call(catalog, staff(TENANT_A, 'manager-1', withCost));
    const b = call(catalog, staff(TENANT_A, 'cashier-1'));
    await received(2);
    await release();
    const [ra, rb] = await Promise.all([a, b]);
    expect(seen).toHaveLength(2);
    expect(ra.data).toEqual({ products: { by: `token:${TENANT_A}:manager-1:${withCost}` } });
    expect(rb.data).toEqual({ products: { by: `token:${TENANT_A}:cashier-1:${CASHIER}` } });
  });

  it('shares a subject-bound subgraph (sales) only between one caller’s own identical reads', async () => {
    const sales = source('sales');
    const query = 'query Sales__sales__0{sales(first:20){edges{node{id}}}}';
    const one = staff(TENANT_A, 'cashier-1', CASHIER, 'terminal-1');
    const a = call(sales, one, query);
    const b = call(sales, staff(TENANT_A, 'cashier-2', CASHIER, 'terminal-1'), query);
    const c = call(sales, one, query);
    await received(2);
    await release();
    await Promise.all([a, b, c]);
    expect(seen).toHaveLength(2);
  });

  it('never shares a mutation', async () => {
    const catalog = source('catalog');
    const write = 'mutation Write__catalog__0{updateProduct(input:{id:"p"}){product{id}}}';
    const identity = staff(TENANT_A, 'manager-1');
    const [a, b] = await Promise.all([
      call(catalog, identity, write, 'mutation'),
      call(catalog, identity, write, 'mutation'),
    ]);
    expect(seen).toHaveLength(2);
    expect(a.data).toEqual(b.data);
    // A read planned inside a mutation operation (the entity fetch after the write) is not shared either.
    const reads = [call(catalog, identity, PAGE, 'mutation'), call(catalog, identity, PAGE, 'mutation')];
    await received(4);
    await release();
    await Promise.all(reads);
    expect(seen).toHaveLength(4);
  });

  it('a read sent after a write of the tenant returned does not join a read that began before it', async () => {
    const catalog = source('catalog');
    const first = call(catalog, staff(TENANT_A, 'cashier-1'));
    await received(1);
    await call(catalog, staff(TENANT_A, 'manager-1'), 'mutation W{updateProduct}', 'mutation');
    const second = call(catalog, staff(TENANT_A, 'cashier-2'));
    await received(3);
    await release();
    await Promise.all([first, second]);
    expect(seen.filter((s) => s.body.includes('Page__catalog'))).toHaveLength(2);
  });

  it('shares an error only with the callers in flight; the next read asks again', async () => {
    const catalog = source('catalog');
    failNext = true;
    const a = call(catalog, staff(TENANT_A, 'cashier-1'));
    const b = call(catalog, staff(TENANT_A, 'cashier-2'));
    await received(1);
    await release();
    await expect(a).rejects.toThrow(/500/);
    await expect(b).rejects.toThrow(/500/);
    expect(seen).toHaveLength(1);
    const c = call(catalog, staff(TENANT_A, 'cashier-3'));
    await received(2);
    await release();
    expect((await c).data).toEqual({ products: { by: `token:${TENANT_A}:cashier-3:${CASHIER}` } });
  });

  it('is off without a sharing policy: identical reads each go to the subgraph', async () => {
    const plain = new SubgraphDataSource({ url, fetcher: fetcher.fetcher, name: 'catalog' });
    const a = call(plain, staff(TENANT_A, 'cashier-1'));
    const b = call(plain, staff(TENANT_A, 'cashier-2'));
    await received(2);
    await release();
    await Promise.all([a, b]);
    expect(seen).toHaveLength(2);
  });
});

describe('subgraphs that share across people', () => {
  // Their reads may serve every caller of a tenant with the same roles and permissions only while
  // their code never looks at who the caller is beyond that.
  const sources = (dir: string): string[] =>
    readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = `${dir}/${entry.name}`;
      if (entry.isDirectory()) return entry.name === '__generated__' ? [] : sources(path);
      return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
    });

  it.each([...SUBJECT_FREE_SUBGRAPHS])('%s reads no subject, terminal or IP of the caller', (name) => {
    const root = new URL(`../../subgraphs/${name}/src`, import.meta.url).pathname;
    const files = sources(root);
    expect(files.length).toBeGreaterThan(5);
    const offending = files.filter((file) =>
      /identity\??\.(subject|terminalId|clientIp)|\bclaims\.sub\b/.test(readFileSync(file, 'utf8')),
    );
    expect(offending).toEqual([]);
  });
});
