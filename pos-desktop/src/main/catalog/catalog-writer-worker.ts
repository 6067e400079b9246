/**
 * The catalog store's writer thread (a `worker_threads` worker, see `catalog-writer.ts`): its own
 * connection to the store's file applies the feed's pages — each in one transaction with its
 * cursor, as on the main thread — while the main thread's connection keeps answering searches
 * (WAL: readers see the last committed page). Requests are handled one at a time, in order.
 */
import { parentPort, threadId, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { CatalogStore } from './catalog-store.ts';
import type { WriterReply, WriterRequest } from './catalog-writer-protocol.ts';

const port = parentPort;
if (!port) throw new Error('catalog-writer-worker runs as a worker thread');
const { file } = workerData as { file: string };
const store = new CatalogStore(file, { writer: true });

port.on('message', (request: WriterRequest) => {
  let reply: WriterReply;
  try {
    if (request.op === 'apply') store.apply(request.page, request.cursor);
    else if (request.op === 'endBulkLoad') store.endBulkLoad();
    else {
      store.close();
      port.postMessage({ id: request.id, ok: true } satisfies WriterReply);
      port.close();
      return;
    }
    reply = { id: request.id, ok: true };
  } catch (error) {
    reply = {
      id: request.id,
      ok: false,
      error: {
        message: error instanceof Error ? error.message : String(error),
        sqliteCode: error instanceof Database.SqliteError ? error.code : null,
      },
    };
  }
  port.postMessage(reply);
});
port.postMessage({ ready: true, threadId });
