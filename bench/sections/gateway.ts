/**
 * Side-by-side 1, gateway overhead: the same catalog page, with and without `stock` (one entity
 * join to inventory), (a) straight to the catalog subgraph, (b) through our gateway, (c) through
 * a stock @apollo/gateway, (d) through @mercuriusjs/gateway. Every gateway runs alone on
 * GATEWAY_CPU; subgraphs, PostgreSQL (when embedded) and the load generator share OTHER_CPU.
 */
import { DEMO_PASSWORD } from '@jowi/demo-data';
import { IDENTITY_HEADER, importKey, signIdentity } from '@jowi/server-kit';
import type { StackKeys } from '@jowi/system';
import { DEMO } from '../lib/data.ts';
import { expectData, login, post, type Session } from '../lib/graphql.ts';
import { measure, type Scenario, type Timing } from '../lib/measure.ts';
import { type Child, startServer } from '../lib/procs.ts';

export const GATEWAY_CPU = '0';
export const OTHER_CPU = '1';

const PAGE = 'query Page { products(first: 50) { edges { node { id sku name price vatRate } } } }';
const PAGE_STOCK =
  'query PageStock { products(first: 50) { edges { node { id sku name price vatRate stock } } } }';
const QUERIES = [
  { key: 'page', query: PAGE },
  { key: 'page+stock', query: PAGE_STOCK },
] as const;
const CONNECTIONS = [1, 50];

export interface GatewayTarget {
  name: 'direct' | 'ours' | 'stock_apollo' | 'mercurius';
  scenarios: Scenario[];
  /** Why the target did not run, when it did not. */
  skipped?: string;
}

export interface GatewayReport {
  pinning: string;
  targets: GatewayTarget[];
}

type Urls = Record<string, string>;

async function runTarget(
  name: GatewayTarget['name'],
  url: string,
  headers: Record<string, string>,
  identity: { privateJwk: Record<string, unknown>; identity: Session['identity'] } | undefined,
  watchPid: number,
  timing: Timing,
  say: (m: string) => void,
): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  for (const { key, query } of QUERIES) {
    if (name === 'direct' && key === 'page+stock') continue; // stock lives in another subgraph
    // Sanity: one request must return 50 products and no errors before it is put under load.
    const sanityHeaders = { ...headers };
    if (identity) {
      const signing = await importKey(identity.privateJwk);
      sanityHeaders[IDENTITY_HEADER] = await signIdentity(
        signing,
        identity.privateJwk.kid as string,
        identity.identity,
      );
    }
    const data = expectData(
      `${name} ${key}`,
      await post<{ products: { edges: unknown[] } }>(url, query, {}, sanityHeaders),
    );
    if (data.products.edges.length !== 50)
      throw new Error(`${name} ${key}: expected 50 products, got ${data.products.edges.length}`);
    for (const connections of CONNECTIONS) {
      say(`gateway: ${name} ${key} at ${connections} connection(s)`);
      scenarios.push(
        await measure(
          `${name} ${key} c${connections}`,
          { url, connections, headers, body: JSON.stringify({ query }), identity },
          timing,
          { loadCpus: OTHER_CPU, watchPid },
        ),
      );
    }
  }
  return scenarios;
}

export async function gatewaySection(
  db: { adminUrl: string; rolePassword?: string; keys: StackKeys },
  timing: Timing,
  say: (m: string) => void,
): Promise<GatewayReport> {
  const keys = db.keys;
  const subgraphs = await startServer<{ urls: Urls }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys, poolSize: 10 },
    { cpus: OTHER_CPU },
  );
  const urls = subgraphs.info.urls;
  const targets: GatewayTarget[] = [];
  let gateway: Child<{ url: string }> | null = null;
  try {
    // Our gateway first: it is also how the bench signs in.
    gateway = await startServer('servers/gateway-ours.ts', { keys, urls }, { cpus: GATEWAY_CPU });
    const owner = DEMO.staff.find((s) => s.roles.includes('owner'))!;
    const session = await login(gateway.info.url, owner.email!, DEMO_PASSWORD);
    const signed = {
      privateJwk: keys.gateway.privateJwk as Record<string, unknown>,
      identity: session.identity,
    };
    const plain = { 'content-type': 'application/json' };

    // (a) straight to the subgraph: the load generator signs the identity itself. The watched
    // pid is the subgraphs process (its CPU is the whole cost of the request).
    targets.push({
      name: 'direct',
      scenarios: await runTarget('direct', urls.catalog!, plain, signed, subgraphs.pid, timing, say),
    });
    targets.push({
      name: 'ours',
      scenarios: await runTarget(
        'ours',
        gateway.info.url,
        session.headers,
        undefined,
        gateway.pid,
        timing,
        say,
      ),
    });
    await gateway.stop();
    gateway = null;

    for (const [name, script, extra] of [
      ['stock_apollo', 'servers/gateway-apollo.ts', {}],
      ['mercurius', 'servers/gateway-mercurius.ts', { services: ['catalog', 'inventory'] }],
    ] as const) {
      try {
        gateway = await startServer(
          script,
          { keys, urls, identity: session.identity, ...extra },
          { cpus: GATEWAY_CPU, timeoutMs: 30_000 },
        );
      } catch (error) {
        const reason = String(error instanceof Error ? error.message : error)
          .split('\n')
          .slice(0, 6)
          .join(' ');
        say(`gateway: ${name} did not start: ${reason.slice(0, 300)}`);
        targets.push({ name, scenarios: [], skipped: `did not start: ${reason.slice(0, 500)}` });
        continue;
      }
      try {
        targets.push({
          name,
          scenarios: await runTarget(name, gateway.info.url, plain, undefined, gateway.pid, timing, say),
        });
      } catch (error) {
        const reason = String(error instanceof Error ? error.message : error).slice(0, 500);
        say(`gateway: ${name} failed: ${reason}`);
        targets.push({ name, scenarios: [], skipped: `failed: ${reason}` });
      } finally {
        await gateway.stop();
        gateway = null;
      }
    }
  } finally {
    await gateway?.stop();
    await subgraphs.stop();
  }
  return {
    pinning: `each gateway alone on CPU ${GATEWAY_CPU} (taskset); subgraphs, load generator and embedded PostgreSQL on CPU ${OTHER_CPU}`,
    targets,
  };
}
