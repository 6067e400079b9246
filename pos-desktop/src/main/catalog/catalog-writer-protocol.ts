/** The messages between the catalog sync and its writer thread (`catalog-writer-worker.ts`). */
import type { CompactPage } from './compact-page.ts';

export type WriterRequest =
  | { id: number; op: 'apply'; page: CompactPage; cursor: string }
  | { id: number; op: 'endBulkLoad' }
  | { id: number; op: 'close' };

export type WriterReply =
  | { id: number; ok: true }
  /** `sqliteCode`: the store's SQLite refused (a `SqliteError` again on the main thread). */
  | { id: number; ok: false; error: { message: string; sqliteCode: string | null } };

/** The worker's first message, once its connection is open. */
export interface WriterReady {
  ready: true;
  threadId: number;
}
