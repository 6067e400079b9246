/**
 * For the POS host's specs: the whole backend (`@jowi/system/testing`), a few gateway calls the
 * fixtures need (owner sign-in, a pairing code, the demo catalog) and a TCP proxy in front of the
 * gateway that can refuse connections (the internet is down) or cut one answer after the server
 * committed (the response is lost on the way back).
 *
 * `@jowi/system/testing` is imported through a variable, as in `till.spec.ts`, so type-checking
 * the POS does not type-check the whole backend under the renderer's DOM settings.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { PosResult } from '../src/shared/pos-types.ts';

interface SystemStack {
  gatewayUrl: string;
  db: { adminUrl: string; admin<T>(sql: string, params?: unknown[]): Promise<T[]> };
  close(): Promise<void>;
}

const STACK_MODULE = '@jowi/system/testing';

/** Options of `createStackForTests` the POS specs use. */
export interface SystemOptions {
  /** Browser origins the gateway accepts (the renderer's static server). */
  gatewayEnv?: { CORS_ORIGINS?: string[] };
}

/** A fresh, migrated, seeded database and every service on free ports. */
export async function startSystem(options: SystemOptions = {}): Promise<SystemStack> {
  const module = (await import(STACK_MODULE)) as {
    createStackForTests(options: SystemOptions): Promise<SystemStack>;
  };
  return module.createStackForTests(options);
}

/** Posts a GraphQL document to the gateway; throws on GraphQL errors. */
export async function gql<T>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body)}`);
  return body.data;
}

/** The demo owner's bearer header. */
export async function ownerHeaders(url: string): Promise<Record<string, string>> {
  const data = await gql<{ login: { accessToken: string } }>(
    url,
    'mutation($input: LoginInput!) { login(input: $input) { accessToken errors { code } } }',
    { input: { email: 'owner@demo.uz', password: 'jowi-demo' } },
  );
  return { authorization: `Bearer ${data.login.accessToken}` };
}

/** A product as the fixtures sell it. */
export interface CatalogProduct {
  id: string;
  name: string;
  price: string;
  vatRate: number;
  ikpu: string;
  packageCode: string;
  ownerType: 'RESALE' | 'OWN_PRODUCTION' | 'SERVICE';
}

/** The first store's terminal and some products of the demo tenant. */
export async function demoTill(url: string, owner: Record<string, string>) {
  const data = await gql<{
    stores: { edges: { node: { terminals: { id: string }[] } }[] };
    products: { edges: { node: CatalogProduct }[] };
  }>(
    url,
    `{ stores(first: 10) { edges { node { terminals { id } } } }
       products(first: 20) { edges { node { id name price vatRate ikpu packageCode ownerType } } } }`,
    {},
    owner,
  );
  return {
    terminalId: data.stores.edges[0]!.node.terminals[0]!.id,
    products: data.products.edges.map((e) => e.node),
  };
}

/** A fresh 8-digit pairing code for the terminal. */
export async function pairingCode(
  url: string,
  owner: Record<string, string>,
  terminalId: string,
): Promise<string> {
  const data = await gql<{ createTerminalPairingCode: { code: string } }>(
    url,
    'mutation($input: CreateTerminalPairingCodeInput!) { createTerminalPairingCode(input: $input) { code errors { code } } }',
    { input: { terminalId } },
    owner,
  );
  return data.createTerminalPairingCode.code;
}

/** What the proxy does with traffic. */
export type ProxyMode = 'pass' | 'refuse' | 'cut-once';

/** A TCP proxy to the gateway with switchable failures. */
export class GatewayProxy {
  mode: ProxyMode = 'pass';
  /** Answers to a `syncSales` upload dropped in `cut-once` mode. */
  cuts = 0;
  /** Connections refused in `refuse` mode. */
  refused = 0;
  private readonly sockets = new Set<net.Socket>();
  private server: net.Server | null = null;
  url = '';

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    const target = new URL(this.target);
    this.server = net.createServer((client) => {
      if (this.mode === 'refuse') {
        this.refused += 1;
        client.destroy();
        return;
      }
      const upstream = net.connect(Number(target.port), target.hostname);
      this.track(client, upstream);
      // Only an upload's answer is cut: the till's other traffic (catalog pulls, heartbeats) may
      // be answered at the same moment and must not take the cut instead.
      let uploading = false;
      client.on('data', (chunk: Buffer) => {
        if (this.mode === 'cut-once' && chunk.includes('syncSales')) uploading = true;
      });
      client.pipe(upstream);
      upstream.on('data', (chunk) => {
        if (this.mode === 'cut-once' && uploading) {
          // The server has committed and is answering: the answer never arrives.
          this.mode = 'pass';
          this.cuts += 1;
          client.destroy();
          upstream.destroy();
          return;
        }
        client.write(chunk);
      });
      upstream.on('end', () => client.end());
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}${target.pathname}`;
    return this;
  }

  /** Switches mode; `refuse` also drops every open connection (kept-alive ones included). */
  set(mode: ProxyMode): void {
    this.mode = mode;
    if (mode === 'refuse') for (const socket of this.sockets) socket.destroy();
  }

  private track(client: net.Socket, upstream: net.Socket): void {
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    }
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/**
 * A sleep the test releases by hand: the loop's chosen delays are recorded, and `release()` ends
 * the oldest pending sleep. Nothing waits for the wall clock.
 */
export class ManualSleep {
  readonly delays: number[] = [];
  private readonly waiting: Array<() => void> = [];

  readonly sleep = (ms: number, signal: AbortSignal): Promise<void> => {
    this.delays.push(ms);
    return new Promise((resolve) => {
      const done = () => {
        const index = this.waiting.indexOf(done);
        if (index >= 0) this.waiting.splice(index, 1);
        resolve();
      };
      this.waiting.push(done);
      signal.addEventListener('abort', done, { once: true });
    });
  };

  /** Ends the oldest pending sleep; false when none is pending. */
  release(): boolean {
    const next = this.waiting[0];
    next?.();
    return next !== undefined;
  }
}

const HOST_MAIN = fileURLToPath(new URL('../src/main/host/main.ts', import.meta.url));

/** What `main.ts` prints when it is ready. */
export interface HostReady {
  event: 'ready';
  url: string;
  terminalId: string | null;
  paired: boolean;
}

/** Runs the host's `main.ts` as a child process (port 0); resolves once it printed its ready line. */
export async function startHostMain(
  env: Record<string, string>,
): Promise<{ child: ChildProcess } & HostReady> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOST_MAIN], {
    env: { ...process.env, JOWI_POS_HOST_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  for await (const line of createInterface({ input: child.stdout! })) {
    const event = JSON.parse(line) as HostReady;
    if (event.event === 'ready') return { child, ...event };
  }
  throw new Error('the host exited before it was ready');
}

/** A call through the host's loopback contract, as a support tool makes it; a refusal throws. */
export async function callHost<T>(
  hostUrl: string,
  secret: string,
  name: string,
  ...args: unknown[]
): Promise<T> {
  const response = await fetch(`${hostUrl}/pos/${name}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-jowi-pos-secret': secret },
    body: JSON.stringify({ args }),
  });
  const { result } = (await response.json()) as { result: PosResult<unknown> };
  if (!result.ok) throw new Error(`host call ${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}
