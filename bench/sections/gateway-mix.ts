/**
 * The realistic mix (issue 19): many callers, each with its own access token from identity, in
 * two tenants, sending a mix of catalog pages, pages with stock, stock reads and sales lists at
 * 50 connections — through our gateway (with and without in-flight sharing of identical
 * subgraph reads, and with every operation through Apollo's executor — no single-fetch
 * passthrough) and through @mercuriusjs/gateway over the same subgraphs, which verifies each
 * caller's token and signs its own identity like ours does.
 *
 * Callers per tenant: TERMINALS cashiers, each signed in by PIN on its own paired terminal (a
 * real `pairTerminal` + `terminalPinLogin`), and the owner and manager signed in by password.
 * Cashiers page the catalog (with and without their store's stock), read a product's stock per
 * store and list sales; the back office pages the catalog with cost prices (`catalog:cost`) and
 * lists sales. Pinning as in the gateway section; `server_cpu` and `rps_per_core` of these rows are
 * the subgraphs process's (requests per subgraph core-second).
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { DEMO_PASSWORD, DEMO_TENANTS } from '@jowi/demo-data';
import type { StackKeys } from '@jowi/system';
import { expectData, login, post } from '../lib/graphql.ts';
import { type Scenario, summarise, type Timing } from '../lib/measure.ts';
import { type Child, runLoad, startServer } from '../lib/procs.ts';
import { round } from '../lib/stats.ts';
import { GATEWAY_CPU, OTHER_CPU } from './gateway.ts';

const TERMINALS = 12;
const JSON_HEADERS = { 'content-type': 'application/json' };
const loadAverage = () => readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
const CONNECTIONS = 50;
/** Requests in the mix list (each connection takes the next one, round the list). */
const MIX_LENGTH = 2_000;

const PAGE = 'query Page { products(first: 50) { edges { node { id sku name price vatRate } } } }';
const PAGE_STOCK = `query PageStock($store: ID) { products(first: 50) { edges { node {
  id sku name price vatRate stock(storeId: $store) } } } }`;
const STOCK = `query Stock($id: ID!) { product(id: $id) { id name stockLevels { quantity store { id } } } }`;
const SALES = 'query Sales { sales(first: 20) { edges { node { id createdAt total } } } }';
const PAGE_COST = `query PageCost { products(first: 50) { edges { node {
  id sku name price costPrice stock } } } }`;

export interface Caller {
  tenant: string;
  role: 'cashier' | 'back-office';
  storeId: string;
  headers: Record<string, string>;
}

export interface GatewayMixReport {
  pinning: string;
  callers: { tenants: number; cashiers_at_terminals: number; back_office: number };
  /** Share of each query in the mix list, in %. */
  queries: Record<string, number>;
  scenarios: MixScenario[];
  /**
   * Our gateway with sharing, over its whole life (sanity requests, warm-up and repeats):
   * subgraph fetches it sent as sharable, fetches that joined one in flight, and the joined share.
   */
  sharing: { sent: number; joined: number; joined_pct: number } | null;
  skipped?: Record<string, string>;
}

/**
 * A mix row: `server_cpu`/`rps_per_core` are the subgraphs process's; `gateway_cpu` and
 * `gateway_rps_per_core` the gateway's own (requests per gateway core-second).
 */
export type MixScenario = Scenario & { gateway_cpu: number | null; gateway_rps_per_core: number | null };

type Gql = <T>(query: string, variables?: Record<string, unknown>) => Promise<T>;

export function client(url: string, headers: Record<string, string> = {}): Gql {
  return async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const result = await post<T>(url, query, variables, headers);
    const data = expectData(query.slice(0, 60), result) as Record<string, { errors?: unknown[] }>;
    for (const payload of Object.values(data))
      if (payload && Array.isArray(payload.errors) && payload.errors.length)
        throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(payload.errors)}`);
    return data as T;
  };
}

/** Terminals, cashiers with PINs, paired devices and sign-ins, through our gateway. */
export async function callersOf(
  url: string,
  tenantIndex: number,
  say: (m: string) => void,
): Promise<Caller[]> {
  const tenant = DEMO_TENANTS[tenantIndex]!;
  const backOffice: Caller[] = [];
  for (const person of tenant.staff.filter((s) => s.email && !s.roles.includes('cashier'))) {
    const session = await login(url, person.email!, DEMO_PASSWORD);
    backOffice.push({
      tenant: tenant.id,
      role: 'back-office',
      storeId: tenant.stores[0]!.id,
      headers: session.headers,
    });
  }
  const owner = tenant.staff.find((s) => s.roles.includes('owner'))!;
  const admin = client(url, (await login(url, owner.email!, DEMO_PASSWORD)).headers);
  const anonymous = client(url);
  const cashiers: Caller[] = [];
  for (let i = 0; i < TERMINALS; i++) {
    const storeId = tenant.stores[i % tenant.stores.length]!.id;
    const { createTerminal } = await admin<{ createTerminal: { terminal: { id: string } } }>(
      'mutation T($input: CreateTerminalInput!) { createTerminal(input: $input) { errors { code } terminal { id } } }',
      { input: { storeId, name: `Bench kassa ${i + 1}` } },
    );
    const terminalId = createTerminal.terminal.id;
    const { createTerminalPairingCode } = await admin<{ createTerminalPairingCode: { code: string } }>(
      'mutation C($input: CreateTerminalPairingCodeInput!) { createTerminalPairingCode(input: $input) { errors { code } code } }',
      { input: { terminalId } },
    );
    const { pairTerminal } = await anonymous<{ pairTerminal: { deviceSecret: string } }>(
      'mutation P($input: PairTerminalInput!) { pairTerminal(input: $input) { errors { code } deviceSecret } }',
      { input: { code: createTerminalPairingCode.code, deviceName: `bench device ${i + 1}` } },
    );
    const pin = String(604_000 + i * 137 + tenantIndex * 3_001);
    await admin(
      'mutation S($input: CreateStaffInput!) { createStaff(input: $input) { errors { code } staff { id } } }',
      { input: { name: `Bench cashier ${i + 1}`, pin, roles: ['cashier'], storeIds: [storeId] } },
    );
    const { terminalPinLogin } = await anonymous<{ terminalPinLogin: { accessToken: string } }>(
      'mutation L($input: TerminalPinLoginInput!) { terminalPinLogin(input: $input) { errors { code } accessToken } }',
      { input: { terminalId, deviceSecret: pairTerminal.deviceSecret, pin } },
    );
    cashiers.push({
      tenant: tenant.id,
      role: 'cashier',
      storeId,
      headers: {
        authorization: `Bearer ${terminalPinLogin.accessToken}`,
        'content-type': 'application/json',
      },
    });
  }
  say(
    `gateway-mix: ${tenant.name}: ${cashiers.length} cashiers at their terminals, ${backOffice.length} back office`,
  );
  return [...cashiers, ...backOffice];
}

/** A small deterministic generator, so every target gets the same list. */
function random(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

export function mixOf(callers: Caller[], productIds: Map<string, string[]>) {
  const next = random(19);
  const entries: { headers: Record<string, string>; body: string; key: string }[] = [];
  for (let i = 0; i < MIX_LENGTH; i++) {
    const caller = callers[Math.floor(next() * callers.length)]!;
    const roll = next();
    let key: string;
    let query: string;
    let variables: Record<string, unknown> = {};
    if (caller.role === 'back-office') {
      [key, query] = roll < 0.5 ? ['page+cost', PAGE_COST] : ['sales', SALES];
    } else if (roll < 0.3) {
      [key, query] = ['page', PAGE];
    } else if (roll < 0.6) {
      [key, query, variables] = ['page+stock', PAGE_STOCK, { store: caller.storeId }];
    } else if (roll < 0.85) {
      const ids = productIds.get(caller.tenant)!;
      [key, query, variables] = ['stock', STOCK, { id: ids[Math.floor(next() * ids.length)] }];
    } else {
      [key, query] = ['sales', SALES];
    }
    entries.push({ key, headers: caller.headers, body: JSON.stringify({ query, variables }) });
  }
  return entries;
}

/** The callers of the first two demo tenants and the mix they send (20 product ids per tenant). */
export async function mixCallers(url: string, say: (m: string) => void) {
  const callers = [...(await callersOf(url, 0, say)), ...(await callersOf(url, 1, say))];
  const productIds = new Map<string, string[]>();
  for (const tenant of DEMO_TENANTS.slice(0, 2)) {
    const caller = callers.find((c) => c.tenant === tenant.id)!;
    const data = await client(
      url,
      caller.headers,
    )<{ products: { edges: { node: { id: string } }[] } }>(
      'query Ids { products(first: 20) { edges { node { id } } } }',
    );
    productIds.set(
      tenant.id,
      data.products.edges.map((e) => e.node.id),
    );
  }
  return { callers, entries: mixOf(callers, productIds) };
}

export async function gatewayMixSection(
  db: { adminUrl: string; rolePassword?: string; keys: StackKeys },
  timing: Timing,
  say: (m: string) => void,
): Promise<GatewayMixReport> {
  const keys = db.keys;
  const subgraphs = await startServer<{ urls: Record<string, string> }>(
    'servers/subgraphs.ts',
    { adminUrl: db.adminUrl, rolePassword: db.rolePassword, keys, poolSize: 10 },
    { cpus: OTHER_CPU },
  );
  const urls = subgraphs.info.urls;
  const scenarios: MixScenario[] = [];
  const skipped: Record<string, string> = {};
  let sharing: GatewayMixReport['sharing'] = null;
  let gateway: Child<{ url: string }> | null = null;
  try {
    const statsFile = `${tmpdir()}/jowi-bench-sharing-${process.pid}.json`;
    gateway = await startServer('servers/gateway-ours.ts', { keys, urls, statsFile }, { cpus: GATEWAY_CPU });
    const url = gateway.info.url;
    const ownerEmail = DEMO_TENANTS[0]!.staff.find((s) => s.roles.includes('owner'))!.email!;
    const startupIdentity = (await login(url, ownerEmail, DEMO_PASSWORD)).identity;
    const { callers, entries } = await mixCallers(url, say);
    const counts: Record<string, number> = {};
    for (const e of entries) counts[e.key] = (counts[e.key] ?? 0) + 1;
    const queries = Object.fromEntries(
      Object.entries(counts).map(([k, n]) => [k, round((100 * n) / entries.length, 1)]),
    );
    const headerList = callers.map((c) => c.headers);
    const bodies = [...new Set(entries.map((e) => e.body))];
    const mix = {
      headers: headerList,
      bodies,
      order: entries.flatMap((e) => [headerList.indexOf(e.headers), bodies.indexOf(e.body)]),
    };
    say(`gateway-mix: ${callers.length} callers, queries ${JSON.stringify(queries)}`);

    const sanity = async (target: string, targetUrl: string) => {
      // Every caller kind and query once: data and no errors, before any load.
      const seen = new Set<string>();
      for (const e of entries) {
        const role = callers.find((c) => c.headers === e.headers)!.role;
        const id = `${role} ${e.key} ${callers.find((c) => c.headers === e.headers)!.tenant}`;
        if (seen.has(id)) continue;
        seen.add(id);
        const { query, variables } = JSON.parse(e.body) as {
          query: string;
          variables: Record<string, unknown>;
        };
        expectData(`${target} ${id}`, await post(targetUrl, query, variables, e.headers));
      }
    };
    const run = async (name: string, target: Child<{ url: string }>) => {
      await sanity(name, target.info.url);
      say(`gateway-mix: ${name} at ${CONNECTIONS} connections (load ${loadAverage()})`);
      const spec = { url: target.info.url, connections: CONNECTIONS, headers: JSON_HEADERS, mix };
      // Both processes' CPU: the subgraphs saturate first and are what sharing saves; the
      // gateway's own CPU per request is what the single-fetch passthrough saves. Requests per
      // core-second stay comparable when the shared machine's load moves the raw rps.
      const runs = await runLoad({ ...spec, ...timing, cpuPids: [subgraphs.pid, target.pid] }, OTHER_CPU);
      const own = summarise(name, CONNECTIONS, runs, target.pid);
      scenarios.push({
        ...summarise(`${name} mix c${CONNECTIONS}`, CONNECTIONS, runs, subgraphs.pid),
        gateway_cpu: own.server_cpu,
        gateway_rps_per_core: own.rps_per_core,
      });
      say(`gateway-mix: ${name} done (load ${loadAverage()})`);
    };

    await run('ours', gateway);
    await gateway.stop();
    const fetched = JSON.parse(readFileSync(statsFile, 'utf8')) as { sent: number; joined: number };
    rmSync(statsFile, { force: true });
    sharing = {
      ...fetched,
      joined_pct: round((100 * fetched.joined) / Math.max(1, fetched.sent + fetched.joined), 1),
    };
    say(`gateway-mix: sharing ${JSON.stringify(sharing)}`);
    // Every single-fetch operation through the executor, as before the passthrough.
    for (const [name, options] of [
      ['ours_executor', { singleFetch: false }],
      ['ours_unshared', { sharing: false }],
    ] as const) {
      gateway = await startServer(
        'servers/gateway-ours.ts',
        { keys, urls, ...options },
        { cpus: GATEWAY_CPU },
      );
      await run(name, gateway);
      await gateway.stop();
      gateway = null;
    }
    try {
      gateway = await startServer(
        'servers/gateway-mercurius.ts',
        {
          keys,
          urls,
          identity: startupIdentity,
          services: ['catalog', 'inventory', 'sales'],
          identityPublicJwk: keys.identity.publicJwk,
        },
        { cpus: GATEWAY_CPU, timeoutMs: 30_000 },
      );
      await run('mercurius', gateway);
    } catch (error) {
      const reason = String(error instanceof Error ? error.message : error).slice(0, 500);
      say(`gateway-mix: mercurius failed: ${reason}`);
      skipped.mercurius = reason;
    }
    return {
      pinning: `each gateway alone on CPU ${GATEWAY_CPU}; subgraphs, load generator and PostgreSQL on CPU ${OTHER_CPU}`,
      callers: {
        tenants: 2,
        cashiers_at_terminals: callers.filter((c) => c.role === 'cashier').length,
        back_office: callers.filter((c) => c.role === 'back-office').length,
      },
      queries,
      scenarios,
      sharing,
      ...(Object.keys(skipped).length ? { skipped } : {}),
    };
  } finally {
    await gateway?.stop();
    await subgraphs.stop();
  }
}
