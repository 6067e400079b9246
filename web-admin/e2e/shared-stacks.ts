/**
 * vitest `globalSetup` (vitest.config.ts): one test stack and one `next start` of the admin per
 * vitest worker, shared by the admin e2e files that worker runs one after another. Vitest starts
 * a new process for every file, so what outlives a file lives here, in vitest's main process,
 * which stops it all in the teardown. A file asks over loopback (`POST /acquire` with its worker's
 * `VITEST_POOL_ID` and its own tenant): the first ask of a worker starts its stack and admin, every
 * ask seeds the file's tenant into it (each file sees only its own rows). A file done says so
 * (`POST /release`); a worker's stack and admin asked for by no file for a minute after that are
 * stopped (the admin files run first, so the rest of the suite does not share the cores with idle
 * services), and started anew if a later file asks. Nothing starts, and nothing heavy is
 * imported, in a run without admin e2e files.
 */
import http from 'node:http';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  interface ProvidedContext {
    adminE2eStacks: string;
  }
}

export interface SharedAdmin {
  gatewayUrl: string;
  adminUrl: string;
}

/** A file's own tenant: `demoTenant(slug, name, city)` of `@jowi/demo-data`. */
export interface TenantAsk {
  slug: string;
  name: string;
  city: string;
}

interface Running {
  info: SharedAdmin;
  /** The stack database's admin URL, to seed tenants into. */
  databaseUrl: string;
  close(): Promise<void>;
}

/**
 * The demo seed syncs one sale, which inventory's consumer takes off the stock a moment later. A
 * stack started for one file seeds before its services run and that moment passed during the
 * start; a tenant seeded into a running stack waits for it here, or a file would read the stock
 * once before and once after it (seen: 400 by the API, then 398 on the page).
 */
async function untilDemoSaleInStock(databaseUrl: string, tenantId: string): Promise<void> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const { rows } = await client.query(
        'SELECT 1 FROM inventory.stock_movement WHERE tenant_id = $1 AND source_id IS NOT NULL LIMIT 1',
        [tenantId],
      );
      if (rows.length > 0) return;
      if (Date.now() > deadline)
        throw new Error(`the demo sale of tenant ${tenantId} never reached the stock`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await client.end();
  }
}

/** How long a worker's stack stays up with no file using it (the next file's process starts meanwhile). */
const LINGER_MS = 60_000;

export default async function setup(project: TestProject) {
  const running = new Map<string, Promise<Running>>();
  const idle = new Map<string, NodeJS.Timeout>();
  const closing = new Set<Promise<void>>();

  function stop(pool: string): void {
    const admin = running.get(pool);
    if (!admin) return;
    running.delete(pool);
    const done: Promise<void> = admin
      .then(
        (r) => r.close(),
        () => undefined,
      )
      .finally(() => closing.delete(done));
    closing.add(done);
  }

  function release(pool: string): void {
    clearTimeout(idle.get(pool));
    idle.set(
      pool,
      setTimeout(() => {
        idle.delete(pool);
        stop(pool);
      }, LINGER_MS),
    );
  }

  async function start(): Promise<Running> {
    const { createStackForTests } = await import('@jowi/system/testing');
    const { adminEnvOf, ensureBuilt, startNext } = await import('./next-server.ts');
    const [stack] = await Promise.all([createStackForTests(), ensureBuilt()]);
    try {
      const server = await startNext(adminEnvOf(stack));
      return {
        info: { gatewayUrl: stack.gatewayUrl, adminUrl: server.url },
        databaseUrl: stack.db.adminUrl,
        async close() {
          await server.stop();
          await stack.close();
        },
      };
    } catch (error) {
      await stack.close();
      throw error;
    }
  }

  async function acquire(pool: string, tenant: TenantAsk): Promise<SharedAdmin> {
    clearTimeout(idle.get(pool));
    idle.delete(pool);
    let admin = running.get(pool);
    if (!admin) {
      admin = start();
      running.set(pool, admin);
      admin.catch(() => running.delete(pool));
    }
    const { info, databaseUrl } = await admin;
    const [{ seedTenantForTests }, { demoTenant }] = await Promise.all([
      import('@jowi/system/testing'),
      import('@jowi/demo-data'),
    ]);
    const seeded = demoTenant(tenant.slug, tenant.name, tenant.city);
    await seedTenantForTests(databaseUrl, seeded);
    await untilDemoSaleInStock(databaseUrl, seeded.id);
    return info;
  }

  const server = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      const ask = JSON.parse(body) as { pool: string; tenant: TenantAsk };
      if (request.url === '/release') {
        release(ask.pool);
        response.writeHead(204);
        response.end();
        return;
      }
      acquire(ask.pool, ask.tenant).then(
        (info) => {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(JSON.stringify(info));
        },
        (error: unknown) => {
          response.writeHead(500, { 'content-type': 'text/plain' });
          response.end(error instanceof Error ? (error.stack ?? error.message) : String(error));
        },
      );
    });
  });
  // Starting a stack takes minutes on a loaded machine: no request time-out here.
  server.requestTimeout = 0;
  server.headersTimeout = 0;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the shared-stack server has no port');
  project.provide('adminE2eStacks', `http://127.0.0.1:${address.port}`);

  return async () => {
    server.close();
    for (const timer of idle.values()) clearTimeout(timer);
    for (const pool of [...running.keys()]) stop(pool);
    await Promise.all(closing);
  };
}
