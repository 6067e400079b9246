/**
 * Where a pull's pages are stored. A first sync stores about 5 s of the till's CPU at 100 000
 * products (docs/performance.md): on the host's main thread that work held every search, sale
 * and IPC call for about a second per page. The writer thread (`catalog-writer-worker.ts`) has a
 * better-sqlite3 connection of its own to the same file (WAL): the main thread stays free to
 * answer the cashier (it reads the last committed page) and to decode the next page while this
 * one is written. Pages are still applied one at a time, in the order they are sent, each in one
 * transaction with its cursor — a process killed mid-page leaves whole pages, as before.
 *
 * The worker's entry is `catalog-writer-worker.js` beside the bundled main process (a separate
 * input of electron-vite's main build, `electron.vite.config.ts`), or the `.ts` source beside this
 * file when the host runs from source (vitest, tsx): then the worker registers tsx's require hook
 * itself, since a worker inherits neither vitest's transform nor tsx's ESM hooks. A worker that cannot start (no worker support, its
 * entry missing or failing) leaves the store on the main thread ({@link inThreadWriter}).
 */
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { threadId, Worker } from 'node:worker_threads';
import Database from 'better-sqlite3';
import type { CatalogStore } from './catalog-store.ts';
import type { WriterReady, WriterReply, WriterRequest } from './catalog-writer-protocol.ts';
import type { CompactPage } from './compact-page.ts';

/** How long a writer thread may take to open its connection before the main thread stores instead. */
const START_TIMEOUT_MS = 30_000;

export interface CatalogWriter {
  /** The thread the pages are stored on (0: the main thread). */
  readonly threadId: number;
  /** Applies one page and its cursor in one transaction (`CatalogStore.apply`). */
  apply(page: CompactPage, cursor: string): Promise<void>;
  /** Ends a bulk load (`CatalogStore.endBulkLoad`). */
  endBulkLoad(): Promise<void>;
  close(): Promise<void>;
}

/** The store written on the calling thread. */
export function inThreadWriter(store: CatalogStore): CatalogWriter {
  return {
    threadId,
    async apply(page, cursor) {
      store.apply(page, cursor);
    },
    async endBulkLoad() {
      store.endBulkLoad();
    },
    async close() {},
  };
}

/**
 * The worker's entry beside `here` (this module's URL): the bundle's sibling file, or the
 * TypeScript source when run from source.
 */
export function defaultWriterEntry(here = import.meta.url): URL {
  return here.endsWith('.ts')
    ? new URL('./catalog-writer-worker.ts', here)
    : new URL('./catalog-writer-worker.js', here);
}

function spawn(entry: URL, file: string): Worker {
  if (!entry.pathname.endsWith('.ts')) return new Worker(entry, { workerData: { file } });
  // From source: the worker registers tsx's require hook, then requires its TypeScript entry (on
  // Node 20 a worker takes neither `--import` nor ESM loader hooks registered in it).
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api');
  const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(fileURLToPath(entry))});`;
  return new Worker(boot, { eval: true, workerData: { file } });
}

/**
 * A writer thread on `store`'s file; rejects when it cannot start. The main thread's `store` is
 * told after every page (`CatalogStore.changed`): its counts are of the previous version.
 */
export async function startWorkerWriter(
  store: CatalogStore,
  entry = defaultWriterEntry(),
): Promise<CatalogWriter> {
  const worker = spawn(entry, store.file);
  const pending = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  let failure: Error | null = null;
  let nextId = 1;
  const fail = (error: Error) => {
    failure ??= error;
    for (const p of pending.values()) p.reject(failure);
    pending.clear();
  };
  const ready = await new Promise<WriterReady>((resolve, reject) => {
    const settle = (error: Error | null, ready?: WriterReady) => {
      clearTimeout(timer);
      // Only these listeners: the worker's own (`newListener`) ones keep its port working.
      worker.off('message', onReady).off('error', settle).off('exit', onExit);
      if (error) {
        reject(error);
        void worker.terminate();
      } else resolve(ready!);
    };
    const onReady = (m: WriterReady) => settle(null, m);
    const onExit = (code: number) =>
      settle(new Error(`the catalog writer thread exited (${code}) before it started`));
    const timer = setTimeout(
      () => settle(new Error('the catalog writer thread did not start')),
      START_TIMEOUT_MS,
    );
    worker.once('message', onReady).once('error', settle).once('exit', onExit);
  });
  worker.on('message', (reply: WriterReply) => {
    const p = pending.get(reply.id);
    if (!p) return;
    pending.delete(reply.id);
    if (reply.ok) p.resolve();
    else
      p.reject(
        reply.error.sqliteCode === null
          ? new Error(reply.error.message)
          : new Database.SqliteError(reply.error.message, reply.error.sqliteCode),
      );
  });
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`the catalog writer thread exited (${code})`)));
  type Op = { op: 'apply'; page: CompactPage; cursor: string } | { op: 'endBulkLoad' } | { op: 'close' };
  const send = (request: Op) =>
    new Promise<void>((resolve, reject) => {
      if (failure) return reject(failure);
      const id = nextId++;
      pending.set(id, { resolve, reject });
      worker.postMessage({ ...request, id } as WriterRequest);
    });
  let closed: Promise<void> | null = null;
  return {
    threadId: ready.threadId,
    async apply(page, cursor) {
      try {
        await send({ op: 'apply', page, cursor });
      } finally {
        store.changed();
      }
    },
    async endBulkLoad() {
      try {
        await send({ op: 'endBulkLoad' });
      } finally {
        store.changed();
      }
    },
    close() {
      closed ??= send({ op: 'close' })
        .catch(() => undefined)
        .then(async () => {
          await worker.terminate();
        });
      return closed;
    },
  };
}

/** A writer thread, or the calling thread when none can start (the reason goes to `logger`). */
export async function openCatalogWriter(
  store: CatalogStore,
  options: { entry?: URL; logger?: Pick<Console, 'warn'> } = {},
): Promise<CatalogWriter> {
  try {
    return await startWorkerWriter(store, options.entry);
  } catch (error) {
    options.logger?.warn(
      `catalog writer thread unavailable, storing on the main thread: ${error instanceof Error ? error.message : String(error)}`,
    );
    return inThreadWriter(store);
  }
}
