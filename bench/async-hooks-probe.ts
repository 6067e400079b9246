/**
 * What an AsyncLocalStorage around each request costs on this Node (issue 19): one process, an
 * Apollo Server whose page of 50 items comes from a real PostgreSQL query (BEGIN, statement,
 * COMMIT on a pooled connection), executed in batches alternately inside `AsyncLocalStorage.run`
 * (Node 20: promise hooks on every promise) and plainly, the storage disabled between batches.
 * CPU time of the process per operation (`process.cpuUsage`), median over the batches of each
 * kind; interleaving puts the machine's load on both alike.
 *
 * Usage: DATABASE_URL=postgres://… node --import tsx bench/async-hooks-probe.ts [batches] [ops] [concurrency]
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import pg from 'pg';
import { median } from './lib/stats.ts';

const batches = Number(process.argv[2] ?? 10);
const ops = Number(process.argv[3] ?? 400);
const concurrency = Number(process.argv[4] ?? 8);
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');

const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 4 });
const apollo = new ApolloServer<{ pool: pg.Pool }>({
  typeDefs: `type Item { id: ID! sku: String! name: String! price: String! vatRate: Int! }
    type Query { page(first: Int!): [Item!]! }`,
  resolvers: {
    Query: {
      page: async (_: unknown, args: { first: number }, ctx: { pool: pg.Pool }) => {
        const client = await ctx.pool.connect();
        try {
          await client.query('BEGIN');
          const { rows } = await client.query(
            `SELECT g::text AS id, 'SKU-' || g AS sku, 'Product ' || g AS name, (g * 1000)::text AS price, 12 AS "vatRate"
             FROM generate_series(1, $1::int) g`,
            [args.first],
          );
          await client.query('COMMIT');
          return rows;
        } finally {
          client.release();
        }
      },
    },
    // Async field resolvers, as loaders and typeorm-backed fields make them.
    Item: { name: async (item: { name: string }) => item.name },
  },
});
await apollo.start();
const store = new AsyncLocalStorage<string>();
const query = '{ page(first: 50) { id sku name price vatRate } }';
const one = () => apollo.executeOperation({ query }, { contextValue: { pool } });

async function batch(hooked: boolean): Promise<number> {
  let next = 0;
  const started = process.cpuUsage();
  const worker = async () => {
    while (next++ < ops) {
      const result = hooked ? await store.run(String(next), one) : await one();
      if (result.body.kind !== 'single' || result.body.singleResult.errors) throw new Error('query failed');
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const used = process.cpuUsage(started);
  if (hooked) store.disable();
  return (used.user + used.system) / 1000 / ops;
}

const figures: Record<string, number[]> = { storage: [], plain: [] };
await batch(false); // warm-up
await batch(true);
for (let i = 0; i < batches; i++) {
  for (const hooked of i % 2 ? [true, false] : [false, true]) {
    const ms = await batch(hooked);
    figures[hooked ? 'storage' : 'plain']!.push(ms);
    console.log(
      `batch ${i + 1} ${hooked ? 'storage' : 'plain'}: ${ms.toFixed(3)} ms CPU/op (load ${loadAverage()})`,
    );
  }
}
console.log(
  JSON.stringify({
    ops,
    concurrency,
    storage_ms: median(figures.storage!),
    plain_ms: median(figures.plain!),
    ratio: median(figures.storage!) / median(figures.plain!),
  }),
);
await apollo.stop();
await pool.end();
