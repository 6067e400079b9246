/**
 * The API section: what the gateway's limits cost per request (`limits_overhead_us`) — the text
 * gate, the cost plan evaluated with variables, the rate limiter's Redis round trip and the
 * actual cost of a response — measured in process over the real supergraph, plus how fast the
 * attack requests of issue 16 are refused (a 1 MB document of 95 000 repeated fields, 1 000
 * aliases), each of which held the gateway for seconds before.
 */
import { readFileSync } from 'node:fs';
import { createLogger, createRedis, ServiceMetrics } from '@jowi/server-kit';
import { buildSchema, getOperationAST, parse } from 'graphql';
import { DEFAULT_CLASS_LIMITS, DEFAULT_OPERATION_LIMITS } from '../../gateway/src/limits/config.ts';
import {
  actualCost,
  compileCostPlan,
  readCostDirectives,
  requestedCost,
} from '../../gateway/src/limits/cost.ts';
import { createSourceGate } from '../../gateway/src/limits/gate.ts';
import type { Caller } from '../../gateway/src/limits/plugin.ts';
import { createMemoryRateLimiter, createRateLimiter } from '../../gateway/src/limits/rate-limit.ts';
import { round } from '../lib/stats.ts';
import { type RealtimeReport, realtimeSection } from './realtime.ts';

export interface ApiReport extends Partial<RealtimeReport> {
  limits_overhead_us: number;
  limits_overhead_us_without_redis: number;
  refuse_1mb_fields_ms: number;
  refuse_1000_aliases_ms: number;
  requests: number;
}

const QUERY =
  'query Page($after: String) { products(first: 50, after: $after) { edges { cursor node { id sku name price vatRate } } } }';

export async function apiSection(
  say: (m: string) => void,
  redisUrl = process.env.REDIS_URL,
): Promise<ApiReport> {
  const schemaFile = (name: string) => readFileSync(new URL(`../../schema/${name}`, import.meta.url), 'utf8');
  const schema = buildSchema(schemaFile('api.graphql'));
  const directives = readCostDirectives(schemaFile('supergraph.graphql'));
  const gate = createSourceGate({
    limits: DEFAULT_OPERATION_LIMITS,
    safelist: null,
    metrics: new ServiceMetrics('bench'),
  });
  const caller: Caller = {
    identity: { kind: 'staff', tenantId: 't', subject: 's', roles: [], permissions: [] },
    kind: 'staff',
    subject: 'bench',
    limits: DEFAULT_CLASS_LIMITS.staff,
  };
  const document = parse(QUERY);
  const plans = new WeakMap<object, ReturnType<typeof compileCostPlan>>();
  const data = {
    products: {
      edges: Array.from({ length: 50 }, (_, i) => ({ cursor: String(i), node: { id: String(i) } })),
    },
  };
  const redis = createRedis(redisUrl ?? 'redis://127.0.0.1:6379');
  const log = createLogger('bench', 'silent');
  const limiters = {
    redis: createRateLimiter({ redis, prefix: `jowi:bench:${process.pid}:`, log }),
    memory: createMemoryRateLimiter(),
  };
  const bucket = { capacity: 1e12, refillPerSecond: 1e9 };
  const perRequest = async (limiter: keyof typeof limiters, n: number) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) {
      const body = { query: QUERY, variables: { after: String(i) } };
      if (await gate.admit(body, '', caller)) throw new Error('refused');
      let plan = plans.get(document);
      if (!plan) {
        plan = compileCostPlan(schema, directives, document, getOperationAST(document)!);
        plans.set(document, plan);
      }
      const requested = requestedCost(plan, body.variables);
      await limiters[limiter].take('bench', bucket, requested);
      const actual = actualCost(plan, data);
      void limiters[limiter].take('bench', bucket, actual - requested);
    }
    return Number(process.hrtime.bigint() - started) / 1000 / n;
  };
  const n = 5000;
  await perRequest('redis', 500); // warm-up
  const withRedis = await perRequest('redis', n);
  const withoutRedis = await perRequest('memory', n);
  say(
    `limits overhead: ${round(withRedis, 1)} µs per request with Redis, ${round(withoutRedis, 1)} µs without`,
  );
  const refuse = async (query: string) => {
    const started = process.hrtime.bigint();
    const refusal = await gate.admit({ query }, '', caller);
    if (!refusal) throw new Error('not refused');
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  // The request of issue 16: ≈ 1 MB of 95 000 repeated fields (as system/src/limits.spec.ts sends it).
  const fields = await refuse(`{ ${'__typename '.repeat(95_000)}}`);
  const aliases = await refuse(
    `{ ${Array.from({ length: 1000 }, (_, i) => `p${i}: products(first: 1) { edges { node { id } } }`).join(' ')} }`,
  );
  say(`refused: 1 MB / 95 000 fields in ${round(fields, 3)} ms, 1 000 aliases in ${round(aliases, 3)} ms`);
  redis?.disconnect();
  const realtime = await realtimeSection(say);
  return {
    ...realtime,
    limits_overhead_us: round(withRedis, 1),
    limits_overhead_us_without_redis: round(withoutRedis, 1),
    refuse_1mb_fields_ms: round(fields, 3),
    refuse_1000_aliases_ms: round(aliases, 3),
    requests: n,
  };
}
