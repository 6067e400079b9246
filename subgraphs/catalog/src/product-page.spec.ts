/**
 * Issue 19, the product list's plain pages run as named prepared statements: PostgreSQL parses
 * them once per connection and may keep one generic plan for every tenant and cursor. A subgraph
 * with a single pooled connection serves the pages, so the test can look at that connection's
 * prepared statements; row-level security must still give each tenant only its own rows when a
 * statement planned for one tenant runs for another. Such a page is one message (the tenant's
 * `set_config` and the `EXECUTE`, one implicit transaction): the tenant must not outlive it, and
 * cursor values written as literals must stay data.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { newId, type RunningService } from '@jowi/server-kit';
import { identityHeaders, postGraphQL, staffIdentity, testSubgraphEnv } from '@jowi/server-kit/testing';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, IMPORT, type Json, PAGE, useCatalogFixture, WRITE } from './catalog.fixtures.ts';
import { startCatalog } from './index.ts';

useCatalogFixture();

let single: RunningService;
beforeAll(async () => {
  single = await startCatalog(testSubgraphEnv(fixture.db, fixture.keys, { DB_POOL_SIZE: 1 }));
});
afterAll(async () => {
  await single?.close();
});

/** `products` pages of `tenantId` from the single-connection subgraph. */
async function page(tenantId: string, variables: Record<string, unknown> = {}): Promise<Json> {
  const headers = await identityHeaders(fixture.keys, staffIdentity(tenantId, WRITE));
  const res = await postGraphQL(single.url, PAGE, { first: 5, ...variables }, headers);
  expect(res.body.errors).toBeUndefined();
  return (res.body.data as Json).products;
}

/** The page statements prepared on the subgraph's one connection, with how often each ran. */
async function preparedPages(): Promise<{ name: string; runs: number }[]> {
  const rows: { name: string; runs: string }[] = await single.dataSource!.query(
    `SELECT name, (generic_plans + custom_plans)::text AS runs FROM pg_prepared_statements
      WHERE name LIKE 'catalog_page_%' ORDER BY name`,
  );
  return rows.map((r) => ({ name: r.name, runs: Number(r.runs) }));
}

/** The texts of the messages the subgraph's pool sends while `work` runs. */
async function messagesOf(work: () => Promise<unknown>): Promise<string[]> {
  const sent: string[] = [];
  const pool = (single.dataSource!.driver as unknown as { master: pg.Pool }).master;
  const watch = (client: pg.PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: typeof query }).query = (...args: unknown[]) => {
      const text = args[0];
      sent.push(typeof text === 'string' ? text : String((text as { text?: string })?.text));
      return query(...args);
    };
    return () => {
      delete (client as unknown as { query?: unknown }).query;
    };
  };
  const unwatch: (() => void)[] = [];
  const onAcquire = (client: pg.PoolClient) => unwatch.push(watch(client));
  pool.on('acquire', onAcquire);
  try {
    await work();
  } finally {
    pool.off('acquire', onAcquire);
    for (const undo of unwatch) undo();
  }
  return sent;
}

/** A tenant with `count` products named `<prefix> NN`, imported through the subgraph. */
async function tenantWith(prefix: string, count: number): Promise<string> {
  const tenant = newId();
  const headers = await identityHeaders(fixture.keys, staffIdentity(tenant, WRITE));
  const csv = ['sku,name,price,vat_rate,ikpu,package_code'];
  for (let i = 0; i < count; i++)
    csv.push(`${prefix}-${i},${prefix} ${String(i).padStart(2, '0')},1000.00,12,10401001001000000,2009`);
  const res = await postGraphQL(single.url, IMPORT, { input: { csv: csv.join('\n') } }, headers);
  expect((res.body.data as Json).importProducts.created).toBe(count);
  return tenant;
}

describe('plain product pages as prepared statements', () => {
  it('prepares the first page once and reuses it on later pages of the same shape', async () => {
    const tenant = DEMO_TENANTS[0]!.id;
    for (let i = 0; i < 7; i++) await page(tenant);
    const prepared = await preparedPages();
    expect(prepared).toHaveLength(1);
    expect(prepared[0]!.runs).toBe(7);
  });

  it('gives each tenant only its own rows from a statement planned for another tenant', async () => {
    const a = await tenantWith('Alpha', 12);
    const b = await tenantWith('Beta', 3);
    for (let i = 0; i < 7; i++)
      expect((await page(a)).edges.map((e: Json) => e.node.name)[0]).toBe('Alpha 00');
    const before = await preparedPages();
    const bPage = await page(b);
    expect(bPage.edges.map((e: Json) => e.node.name)).toEqual(['Beta 00', 'Beta 01', 'Beta 02']);
    // A cursor page (another statement) keeps to the tenant too.
    const aFirst = await page(a);
    const aNext = await page(a, { after: aFirst.pageInfo.endCursor });
    expect(aNext.edges.map((e: Json) => e.node.name)).toEqual([
      'Alpha 05',
      'Alpha 06',
      'Alpha 07',
      'Alpha 08',
      'Alpha 09',
    ]);
    // The first-page statement served b as well (no statement per tenant); the cursor page is one more.
    const after = await preparedPages();
    expect(after.map((p) => p.name)).toEqual(expect.arrayContaining(before.map((p) => p.name)));
    expect(after).toHaveLength(before.length + 1);
  });

  it('keeps searches and filtered pages unprepared (their best plan depends on the values)', async () => {
    const before = await preparedPages();
    const tenant = DEMO_TENANTS[0]!.id;
    await page(tenant, { filter: { search: 'non' } });
    await page(tenant, { filter: { sku: 'NOPE' } });
    await page(tenant, { filter: { tag: 'drinks' } });
    expect(await preparedPages()).toEqual(before);
  });

  it('still refuses a caller without catalog:read', async () => {
    const headers = await identityHeaders(fixture.keys, staffIdentity(DEMO_TENANTS[0]!.id, []));
    const res = await postGraphQL(single.url, PAGE, { first: 5 }, headers);
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('plain product pages in one message', () => {
  it('sends a prepared page as one message: the tenant and the EXECUTE', async () => {
    const tenant = DEMO_TENANTS[0]!.id;
    await page(tenant); // prepared on the connection by now
    const sent = await messagesOf(() => page(tenant));
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatch(
      new RegExp(
        `^SELECT set_config\\('app\\.tenant_id', '${tenant}', true\\); EXECUTE catalog_page_\\w+\\('${tenant}'\\)$`,
      ),
    );
  });

  it('leaves no tenant on the pooled connection after a page', async () => {
    await page(DEMO_TENANTS[0]!.id);
    const rows: { t: string | null }[] = await single.dataSource!.query(
      "SELECT current_setting('app.tenant_id', true) AS t",
    );
    expect(rows[0]!.t ?? '').toBe('');
  });

  it('keeps quotes and backslashes of a cursor as data', async () => {
    const tenant = newId();
    const headers = await identityHeaders(fixture.keys, staffIdentity(tenant, WRITE));
    const names = ["O'Hara \\ 00", "O'Hara \\ 01", "O'Hara \\ 02", "O'Hara \\ 03"];
    const csv = ['sku,name,price,vat_rate,ikpu,package_code'];
    for (const [i, name] of names.entries()) csv.push(`Q-${i},${name},1000.00,12,10401001001000000,2009`);
    const res = await postGraphQL(single.url, IMPORT, { input: { csv: csv.join('\n') } }, headers);
    expect((res.body.data as Json).importProducts.created).toBe(4);
    const first = await page(tenant, { first: 2 });
    expect(first.edges.map((e: Json) => e.node.name)).toEqual(names.slice(0, 2));
    const sent = await messagesOf(async () => {
      const next = await page(tenant, { first: 2, after: first.pageInfo.endCursor });
      expect(next.edges.map((e: Json) => e.node.name)).toEqual(names.slice(2));
    });
    expect(sent.some((q) => q.includes('EXECUTE') && q.includes("'O''Hara \\\\ 01'"))).toBe(true);
  });

  it('never writes a cursor holding U+0000 into a message, and the connection keeps working', async () => {
    const tenant = DEMO_TENANTS[0]!.id;
    const after = Buffer.from(JSON.stringify(['NAME', 'a\u0000b', newId()])).toString('base64url');
    const headers = await identityHeaders(fixture.keys, staffIdentity(tenant, WRITE));
    const sent = await messagesOf(() => postGraphQL(single.url, PAGE, { first: 5, after }, headers));
    expect(sent.some((q) => q.includes('\u0000'))).toBe(false);
    expect((await page(tenant)).edges).toHaveLength(5);
  });
});
