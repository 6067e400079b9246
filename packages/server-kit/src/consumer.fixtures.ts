/**
 * Shared set-up of the consumer runner's specs (consumer*.spec.ts): a fresh database with a probe
 * table that handlers write into, events of probe types appended as the sales role, consumers as
 * the inventory role, and the consumer fixture process for crash and two-process tests.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { DataSource, EntityManager } from 'typeorm';
import { afterAll, beforeAll } from 'vitest';
import { type Consumer, type ConsumerOptions, createConsumer } from './consumer.ts';
import { inTenant } from './db.ts';
import { insertEvents, type RawEvent } from './events.ts';
import { createLogger } from './logger.ts';
import { createTestDatabase, type TestDatabase } from './testing/index.ts';

export const TENANT = '0190a000-0000-7000-8000-0000000000c1';
export const OTHER_TENANT = '0190a000-0000-7000-8000-0000000000c2';
const CHILD = fileURLToPath(new URL('./testing/consumer-process.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const silent = createLogger('consumer-spec', 'silent');

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function until(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(25);
  }
}

/** A probe event (no contract: these specs test the log mechanics, not payloads). */
export const event = (type: string, n: number, tenantId = TENANT): RawEvent => ({
  tenantId,
  type,
  version: 1,
  aggregateId: `${type}-${n}`,
  payload: { n },
  source: 'sales',
});

export interface ConsumerHarness {
  db: TestDatabase;
  /** As the sales role (the producer). */
  sales: DataSource;
  /** As the inventory role (the consumer). */
  inventory: DataSource;
  /** Appends `count` events of `type` for `tenant`, in `commits` separate transactions. */
  append(type: string, count: number, commits?: number, tenant?: string): Promise<bigint[]>;
  /** A consumer `jowi_inventory:<name>` of `type` recording into the probe table (stopped after the file). */
  consumer(name: string, type: string, extra?: Partial<ConsumerOptions>): Consumer;
  /** Probe rows of `labels`: event id → how many times applied, in application order. */
  applied(...labels: string[]): Promise<Map<string, number>>;
  /** Cursor position of `jowi_inventory:<name>`. */
  cursor(name: string): Promise<string>;
  /** Spawns the consumer fixture process; resolves `ready` once it has started. */
  spawnConsumer(env: Record<string, string>): {
    child: ChildProcess;
    lines: Record<string, unknown>[];
    ready: Promise<void>;
    exited: Promise<number | null>;
  };
}

/** Handler that records each event under `label` in the probe table. */
export const record =
  (label: string) =>
  async (m: EntityManager, e: { id: bigint }): Promise<void> => {
    await m.query('INSERT INTO inventory.probe (event_id, label) VALUES ($1, $2)', [e.id.toString(), label]);
  };

/** Registers the file's set-up and tear-down; the harness is usable inside tests. */
export function consumerHarness(): ConsumerHarness {
  const started: Consumer[] = [];
  const children: ChildProcess[] = [];
  const h = {} as ConsumerHarness;

  beforeAll(async () => {
    h.db = await createTestDatabase([]);
    // Effects table written by the consumers under test, owned like any inventory table.
    await h.db.admin('SET ROLE jowi_owner');
    await h.db.admin(`CREATE TABLE inventory.probe (
      event_id bigint NOT NULL, label text NOT NULL, at timestamptz NOT NULL DEFAULT clock_timestamp(), seq bigserial)`);
    await h.db.admin('RESET ROLE');
    h.sales = await h.db.dataSource('sales');
    h.inventory = await h.db.dataSource('inventory');
  });

  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all(started.map((c) => c.stop()));
    await h.db?.drop();
  });

  h.append = async (type, count, commits = 1, tenant = TENANT) => {
    const ids: bigint[] = [];
    const per = Math.ceil(count / commits);
    for (let from = 0; from < count; from += per) {
      const batch = Array.from({ length: Math.min(per, count - from) }, (_, i) =>
        event(type, from + i, tenant),
      );
      ids.push(...(await inTenant(h.sales, tenant, (m) => insertEvents(m, batch))));
    }
    return ids;
  };

  h.consumer = (name, type, extra = {}) => {
    const c = createConsumer({
      dataSource: h.inventory,
      name: `jowi_inventory:${name}`,
      types: [type],
      handle: record(name),
      log: silent,
      ...extra,
    } as ConsumerOptions);
    started.push(c);
    return c;
  };

  h.applied = async (...labels) => {
    const rows = await h.db.admin<{ event_id: string }>(
      'SELECT event_id::text FROM inventory.probe WHERE label = ANY($1) ORDER BY seq',
      [labels],
    );
    const counts = new Map<string, number>();
    for (const r of rows) counts.set(r.event_id, (counts.get(r.event_id) ?? 0) + 1);
    return counts;
  };

  h.cursor = async (name) => {
    const rows = await h.db.admin<{ position: string }>(
      'SELECT position::text FROM events.consumer_cursor WHERE consumer = $1',
      [`jowi_inventory:${name}`],
    );
    return rows[0]?.position ?? '0';
  };

  h.spawnConsumer = (env) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD], {
      cwd: ROOT,
      env: {
        ...process.env,
        CONSUMER_DB_URL: h.db.roleUrl('inventory'),
        CONSUMER_TABLE: 'inventory.probe',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    children.push(child);
    const lines: Record<string, unknown>[] = [];
    let onReady: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => {
      onReady = resolve;
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      lines.push(parsed);
      if (parsed.ready) onReady();
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    return { child, lines, ready, exited };
  };

  return h;
}

/** Inserts one probe event in `manager`'s transaction; returns its id. */
export async function insertOne(manager: EntityManager, e: RawEvent): Promise<bigint> {
  return (await insertEvents(manager, [e]))[0]!;
}
