/**
 * Keeps the till's catalog in step with the server: a full pull into an empty store, then deltas
 * from the stored cursor — at start, every few minutes, and as soon as the server says it is ahead
 * (`syncSales` answers with `catalogVersion`). One pull at a time: a request while one runs joins
 * it. A pull first asks where its pages begin (`catalogChangePageStarts`) and keeps two pages in
 * flight, applying them in the order of the starts; from the last start on, or against an older
 * server that does not know the starts, the next page is requested before the current one is
 * written (the next page is asked for as soon as one arrives). The first pull into an empty store is a bulk load (see
 * `CatalogStore.beginBulkLoad`). A first sync or a pull of several pages is stored by a writer
 * thread (`catalog-writer.ts`) while the main thread keeps answering searches; a pull of one page
 * (the routine delta), or a host where the thread cannot start, stores on the main thread. A pull that fails keeps every page already stored (each page is
 * committed with its cursor) and is retried at the next occasion; the till keeps selling from what
 * it has.
 */
import Database from 'better-sqlite3';
import type { CatalogStatus } from '../../shared/pos-catalog.ts';
import { TransportError } from '../sync/transport.ts';
import type { CatalogFeed } from './catalog-feed.ts';
import type { CatalogStore } from './catalog-store.ts';
import { type CatalogWriter, inThreadWriter, openCatalogWriter } from './catalog-writer.ts';
import type { FeedPage } from './compact-page.ts';

export const DEFAULT_PULL_INTERVAL_MS = 5 * 60_000;
/**
 * Pages requested and not yet applied while a pull follows the server's page starts. The next is
 * requested as soon as a page arrives: at most three pages are held (the one being stored and two
 * on their way).
 */
export const PAGES_IN_FLIGHT = 2;

export interface CatalogSyncOptions {
  store: CatalogStore;
  feed: CatalogFeed;
  terminalId: string;
  /** Between routine pulls (default 5 minutes). */
  intervalMs?: number;
  /** Pages requested and not yet applied when the server gives the starts (default {@link PAGES_IN_FLIGHT}). */
  pagesInFlight?: number;
  now?: () => Date;
  logger?: Pick<Console, 'warn'>;
  /**
   * Where pages of a first sync or a pull of several pages are stored: `'worker'` (default) a
   * writer thread, `'thread'` the main thread.
   */
  writer?: 'worker' | 'thread';
  /** The writer thread's entry (tests: one that cannot start). */
  writerEntry?: URL;
}

export class CatalogSync {
  private running: Promise<CatalogStatus> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private lastError: string | null = null;
  private readonly now: () => Date;
  /** The thread the last pull stored its pages on (0: the main thread), null before a pull. */
  lastWriterThreadId: number | null = null;

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
    let writer: CatalogWriter | null = null;
    try {
      await this.refreshStore();
      bulk = store.beginBulkLoad();
      const starts = await feed.pageStarts(store.version());
      writer = await this.openWriter(bulk || (starts !== null && starts.length > 1));
      const last = starts && starts.length > 1 ? await this.applyStarts(writer, starts) : null;
      if (!last || last.hasMore) await this.applyPageAfterPage(writer, last?.cursor ?? store.version());
      if (bulk) await writer.endBulkLoad();
      bulk = false;
      store.setMeta('pulledAt', this.now().toISOString());
      this.lastError = null;
    } catch (error) {
      this.lastError = failureKind(error);
      this.options.logger?.warn(
        `catalog pull failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      // What the pages stored so far stays searchable; the next pull continues from its cursor.
      if (bulk) await this.endBulkLoad(writer);
    } finally {
      await writer?.close();
      store.changed();
    }
    return { ...this.status(), pulling: false };
  }

  /** A writer thread for a pull of many pages, else the main thread. */
  private async openWriter(many: boolean): Promise<CatalogWriter> {
    const { store } = this.options;
    const writer =
      many && (this.options.writer ?? 'worker') === 'worker'
        ? await openCatalogWriter(store, { entry: this.options.writerEntry, logger: this.options.logger })
        : inThreadWriter(store);
    this.lastWriterThreadId = writer.threadId;
    return writer;
  }

  /** Ends a bulk load cut short: on the writer thread, or here if that thread is gone. */
  private async endBulkLoad(writer: CatalogWriter | null): Promise<void> {
    try {
      if (writer) return await writer.endBulkLoad();
    } catch {}
    this.options.store.endBulkLoad();
  }

  /**
   * Pages from `starts` (the answer of `pageStarts`), two in flight: the first two are requested
   * at once and each page that arrives asks for the one two starts further. Pages are applied
   * strictly in the order of the starts, each with its own cursor, whatever order they arrive in.
   * Returns the last page (its `hasMore` tells whether changes follow its cursor).
   */
  private async applyStarts(
    writer: CatalogWriter,
    starts: string[],
  ): Promise<Pick<FeedPage, 'cursor' | 'hasMore'>> {
    const { feed } = this.options;
    const ahead = this.options.pagesInFlight ?? PAGES_IN_FLIGHT;
    const pending: (Promise<FeedPage> | null)[] = starts
      .slice(0, ahead)
      .map((start) => inFlight(feed.page(start)));
    let last = { cursor: '', hasMore: false };
    for (let i = 0; i < starts.length; i++) {
      const { page, cursor, hasMore } = await pending[i]!;
      pending[i] = null; // only the writer holds the page from here on
      const next = starts[i + ahead];
      if (next !== undefined) pending.push(inFlight(feed.page(next)));
      last = { cursor, hasMore };
      await writer.apply(page, cursor);
    }
    return last;
  }

  /**
   * Page after page from `since` until `hasMore` is false (an older server, a small delta, or the
   * changes after the last start): the next page is requested before the current one is written.
   */
  private async applyPageAfterPage(writer: CatalogWriter, since: string | null): Promise<void> {
    const { feed } = this.options;
    let next = feed.page(since);
    for (;;) {
      const { page, cursor, hasMore } = await next;
      if (hasMore) next = inFlight(feed.page(cursor));
      await writer.apply(page, cursor);
      if (!hasMore) break;
    }
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
 * A page requested ahead: awaited on a later turn (or never, when an earlier page failed), so
 * until then its failure must not count as unhandled.
 */
function inFlight(page: Promise<FeedPage>): Promise<FeedPage> {
  page.catch(() => undefined);
  return page;
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
