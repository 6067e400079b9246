/**
 * Our gateway (`@jowi/gateway`) over the bench subgraphs. Prints `READY {"url": ...}`; with
 * `statsFile`, writes its subgraph sharing counts there when it stops.
 */
import { writeFileSync } from 'node:fs';
import { startGateway } from '@jowi/gateway';
import type { StackKeys } from '@jowi/system';
import { input, ready } from './common.ts';

interface Input {
  keys: StackKeys;
  urls: Record<string, string>;
  /** In-flight sharing of identical subgraph reads (default on, as in production). */
  sharing?: boolean;
  /** The single-fetch passthrough (default on, as in production). */
  singleFetch?: boolean;
  statsFile?: string;
}

const { keys, urls, sharing, singleFetch, statsFile } = input<Input>();
const gateway = await startGateway(
  {
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: 0,
    GATEWAY_PRIVATE_JWK: keys.gateway.privateJwk as Record<string, unknown>,
    IDENTITY_PUBLIC_JWKS: [keys.identity.publicJwk as Record<string, unknown>],
    SUBGRAPH_IDENTITY_URL: urls.identity,
    SUBGRAPH_CATALOG_URL: urls.catalog,
    SUBGRAPH_SALES_URL: urls.sales,
    SUBGRAPH_INVENTORY_URL: urls.inventory,
    SUBGRAPH_CUSTOMERS_URL: urls.customers,
    SUBGRAPH_FISCAL_URL: urls.fiscal,
    MAX_QUERY_DEPTH: 12,
    API_KEY_CACHE_SECONDS: 30,
    // Names the (absent) Redis key prefix only; the gateway opens no database connection.
    DATABASE_URL: 'postgres://127.0.0.1:5432/jowi_bench',
    // A benchmark measures throughput: costs are computed and reported, buckets never refuse.
    RATE_LIMIT: false,
    SUBGRAPH_SHARING: sharing ?? true,
    SINGLE_FETCH_PASSTHROUGH: singleFetch ?? true,
  } as Parameters<typeof startGateway>[0],
  { host: '127.0.0.1' },
);
ready({ url: gateway.url }, async () => {
  if (statsFile) writeFileSync(statsFile, JSON.stringify(gateway.subgraphSharing));
  await gateway.close();
});
