/**
 * Keeps the till's catalog in step with the server: a full pull into an empty store, then deltas
 * from the stored cursor — at start, every few minutes, and as soon as the server says it is ahead
 * (`syncSales` answers with `catalogVersion`). One pull at a time: a request while one runs joins
 * it. The next page is requested before the current one is written, so the server prepares page
 * N+1 while SQLite stores page N. The first pull into an empty store is a bulk load (see
 * `CatalogStore.beginBulkLoad`). A pull that fails keeps every page already stored (each page is
 * committed with its cursor) and is retried at the next occasion; the till keeps selling from what
 * it has.
 */
import Database from 'better-sqlite3';
import type { CatalogStatus } from '../../shared/pos-catalog.ts';
import { TransportError } from '../sync/transport.ts';
import type { CatalogFeed } from './catalog-feed.ts';
import type { CatalogStore } from './catalog-store.ts';

export const DEFAULT_PULL_INTERVAL_MS = 5 * 60_000;

export interface CatalogSyncOptions {
  store: CatalogStore;
  feed: CatalogFeed;
  terminalId: string;
  /** Between routine pulls (default 5 minutes). */
  intervalMs?: number;
  now?: () => Date;
  logger?: Pick<Console, 'warn'>;
}

export class CatalogSync {
  private running: Promise<CatalogStatus> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastError: string | null = null;
  private readonly now: () => Date;

  constructor(private readonly options: CatalogSyncOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Pulls now and then every `intervalMs`. */
  start(): void {
    if (this.timer) return;
    void this.pull();
    this.timer = setInterval(() => void this.pull(), this.options.intervalMs ?? DEFAULT_PULL_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops the schedule and waits for a running pull. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  status(): CatalogStatus {
    const { store } = this.options;
    return {
      products: store.count(),
      version: store.version(),
      pulledAt: store.meta('pulledAt'),
      pulling: this.running !== null,
      lastError: this.lastError,
    };
  }

  /** The server's catalog version (from a `syncSales` answer): pulls when it is ahead of ours. */
  serverVersion(version: string | null): void {
    if (version && isAhead(version, this.options.store.version())) void this.pull();
  }

  /** Pulls every change after the stored cursor (single flight). Never rejects. */
  pull(): Promise<CatalogStatus> {
    this.running ??= this.pullPages().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async pullPages(): Promise<CatalogStatus> {
    const { store, feed } = this.options;
    // An empty store is bulk loaded: the secondary indexes are built once, at the end; the search
    // index page by page, while the next page downloads.
    let bulk = false;
    try {
      await this.refreshStore();
      bulk = store.beginBulkLoad();
      let next = feed.page(store.version());
      for (;;) {
        const { page, cursor, hasMore } = await next;
        if (hasMore) {
          next = feed.page(cursor);
          // Awaited on the next turn; until then a failure must not count as unhandled.
          next.catch(() => undefined);
        }
        store.apply(page, cursor);
        if (!hasMore) break;
      }
      if (bulk) store.endBulkLoad();
      bulk = false;
      store.setMeta('pulledAt', this.now().toISOString());
      this.lastError = null;
    } catch (error) {
      this.lastError = failureKind(error);
      this.options.logger?.warn(
        `catalog pull failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      // What the pages stored so far stays searchable; the next pull continues from its cursor.
      if (bulk) store.endBulkLoad();
    }
    return { ...this.status(), pulling: false };
  }

  /** The terminal's store (whose price overrides apply here), asked once per pull. */
  private async refreshStore(): Promise<void> {
    const storeId = await this.options.feed.storeOf(this.options.terminalId);
    if (storeId) this.options.store.setMeta('storeId', storeId);
  }

  /** The store whose prices the till sells at, once known. */
  storeId(): string | null {
    return this.options.store.meta('storeId');
  }
}

/**
 * What a failed pull reports in `lastError`: the transport's kind, `store` when the till's own
 * SQLite file refused a page (disk full, locked, damaged — the server is not to blame), else
 * `server` (an answer the feed could not read).
 */
function failureKind(error: unknown): string {
  if (error instanceof TransportError) return error.kind;
  return error instanceof Database.SqliteError ? 'store' : 'server';
}

/** Feed cursors are decimal sequence numbers; anything else is treated as "ahead" (pull and see). */
function isAhead(server: string, local: string | null): boolean {
  if (local === null) return true;
  if (!/^\d+$/.test(server) || !/^\d+$/.test(local)) return server !== local;
  return BigInt(server) > BigInt(local);
}
