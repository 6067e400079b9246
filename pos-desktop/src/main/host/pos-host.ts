/**
 * The POS host: every main-process module of the till composed behind the `window.pos` contract
 * (`PosHostApi`). Plain Node — Electron's main process (`src/main/index.ts`) serves it over IPC,
 * the loopback server (`loopback.ts`) over HTTP for a renderer in a browser, and tests call it
 * directly.
 *
 * Files under `dataDir`:
 *   secrets.json                     device credential + cashiers' server tokens (0600, sealed)
 *   terminals/<terminalId>.sqlite    the terminal's store: outbox, receipts, state, PIN verifiers
 *   terminals/<terminalId>.catalog.sqlite   the terminal's copy of the catalog (src/main/catalog)
 *   fiscal-journal.jsonl             the fiscal gateway's idempotency journal (local fiscal mode)
 * One store per terminal: pairing the device with another terminal opens a new file (and is
 * refused while the current one holds entries the server has not accepted).
 */
import { join } from 'node:path';
import type { PosFiscalApi } from '../../renderer/lib/bridge.ts';
import type { PosConfig, PosHostApi } from '../../shared/pos-api.ts';
import type { PinLoginResult, SyncStatus } from '../../shared/pos-types.ts';
import { graphQLCatalogFeed } from '../catalog/catalog-feed.ts';
import { catalogFile, openTillCatalog, type TillCatalog } from '../catalog/catalog-service.ts';
import { catalogView, Favourites } from '../catalog/catalog-shelf.ts';
import type { FiscalConfig } from '../config.ts';
import { type FiscalModule, startFiscal } from '../fiscal.ts';
import { IdentityClient } from '../session/identity-client.ts';
import { DEFAULT_PIN_POLICY, type PinPolicy, PinThrottle, PinVerifiers } from '../session/pin-guard.ts';
import { plainCipher, type SecretCipher, SecretStore } from '../session/secret-store.ts';
import { SessionService } from '../session/session.ts';
import { openStore, type Store } from '../store/database.ts';
import { SyncLoop, type SyncLoopOptions } from '../sync/sync-loop.ts';
import { graphQLTransport, type SyncTransport } from '../sync/transport.ts';
import { type TillContext, tillContext } from '../till/context.ts';
import { CustomerService } from '../till/customers.ts';
import { type PrinterConfig, PrintService } from '../till/print.ts';
import { RefundService } from '../till/refunds.ts';
import { SaleService } from '../till/sales.ts';
import { ShiftService } from '../till/shifts.ts';
import { entryIdSchema, pairSchema, parse } from '../till/validation.ts';
import { parkedEntries } from './parked.ts';
import { PosError, settle } from './result.ts';

export interface PosHostOptions {
  dataDir: string;
  gatewayUrl: string;
  /** `x-jowi-client-version`, e.g. `pos-desktop/0.1.0`. */
  clientVersion: string;
  fiscal: FiscalConfig;
  printer?: PrinterConfig;
  /** Electron's `safeStorage` when packaged; plain (0600 file only) in Node host mode. */
  cipher?: SecretCipher;
  pinPolicy?: Partial<PinPolicy>;
  /** Sync loop tuning (tests inject `sleep`, `random`, smaller batches). */
  sync?: Pick<
    SyncLoopOptions,
    'backoff' | 'idleMs' | 'maxEntries' | 'random' | 'sleep' | 'maxItemAttempts' | 'heartbeatMs'
  > & {
    /** Start the background loop (default true). */
    autoStart?: boolean;
    /** Replace the GraphQL transport (tests). */
    transport?: SyncTransport;
  };
  /** Catalog pulls: between routine pulls (default 5 minutes); `autoStart` defaults to the sync loop's. */
  catalog?: { intervalMs?: number; autoStart?: boolean };
  now?: () => Date;
  logger?: Pick<Console, 'warn' | 'error'>;
}

/** One paired terminal's open store and services. */
export interface Till {
  terminalId: string;
  store: Store;
  context: TillContext;
  sync: SyncLoop;
  shifts: ShiftService;
  sales: SaleService;
  refunds: RefundService;
  customers: CustomerService;
  print: PrintService;
  verifiers: PinVerifiers;
  catalog: TillCatalog;
  favourites: Favourites;
}

export interface PosHost {
  /** The contract, plus the fiscal module's own API. */
  api: PosHostApi & { fiscal: PosFiscalApi };
  /** Sync status pushes (IPC `webContents.send`, the loopback's event stream). */
  onSyncStatus(listener: (status: SyncStatus) => void): () => void;
  session: SessionService;
  /** The paired terminal's till, or null. */
  till(): Till | null;
  close(): Promise<void>;
}

/** The version part of `x-jowi-client-version` (`pos-desktop/0.1.0` → `0.1.0`): what the back office shows. */
export function appVersion(clientVersion: string): string {
  return clientVersion.slice(clientVersion.lastIndexOf('/') + 1) || clientVersion;
}

/** Starts the fiscal module, opens the paired terminal's store (if any) and its sync loop. */
export async function startPosHost(options: PosHostOptions): Promise<PosHost> {
  const logger = options.logger ?? console;
  const now = options.now ?? (() => new Date());
  const policy: PinPolicy = { ...DEFAULT_PIN_POLICY, ...options.pinPolicy };
  const fiscalModule: FiscalModule = await startFiscal(options.fiscal, { logger });
  const listeners = new Set<(status: SyncStatus) => void>();
  const graphql = { url: options.gatewayUrl, clientVersion: options.clientVersion };
  let till: Till | null = null;
  let session: SessionService;
  let sessionReady = false;
  const autoStart = options.sync?.autoStart ?? true;
  const catalogAutoStart = options.catalog?.autoStart ?? autoStart;

  const openTill = (terminalId: string): Till => {
    if (till?.terminalId === terminalId) return till;
    if (till) void closeTill(till);
    const store = openStore(join(options.dataDir, 'terminals', `${terminalId}.sqlite`));
    const context = tillContext({
      terminalId,
      store,
      fiscal: fiscalModule.api,
      fiscalMode: options.fiscal.mode,
      cashier: () => session.requireCashier(),
      changed: () => till?.sync.notify(),
      now,
    });
    // Lazy: at start-up a paired till is opened from inside SessionService's constructor, before
    // `session` is assigned — capturing it here would leave the uploader without a session.
    const auth = { accessToken: () => session.accessToken(), refresh: () => session.refresh() };
    const transport = options.sync?.transport ?? graphQLTransport({ ...graphql, auth });
    const sync = new SyncLoop({
      ...options.sync,
      store,
      outbox: context.outbox,
      transport,
      terminalId,
      appVersion: appVersion(options.clientVersion),
      canSync: () => session.canSync(),
      onDisabledStaff: (staffIds) => session.forgetDisabledStaff(staffIds),
      now,
      logger,
    });
    sync.onStatus((status) => {
      for (const listener of listeners) listener(status);
    });
    const catalog = openTillCatalog({
      file: catalogFile(options.dataDir, terminalId),
      terminalId,
      // Read at call time: at start-up the session opens the paired till while it is being built.
      feed: graphQLCatalogFeed({
        ...graphql,
        auth: { accessToken: () => session.accessToken(), refresh: () => session.refresh() },
      }),
      ...(options.catalog?.intervalMs ? { intervalMs: options.catalog.intervalMs } : {}),
      now,
      logger,
    });
    // An upload answer carries the server's catalog version: pull as soon as it is ahead.
    // When the server answers again after a failed pull, catch up at once, not at the next round.
    sync.onStatus((status) => {
      catalog.sync.serverVersion(status.serverCatalogVersion);
      if (status.online && catalog.sync.status().lastError) void catalog.sync.pull();
    });
    const shifts = new ShiftService(context);
    const customers = new CustomerService(context);
    // Cash for cashless-only goods is decided by this terminal's catalog, not the renderer's flags.
    const sales = new SaleService(context, shifts, customers.known, catalog.store);
    till = {
      terminalId,
      store,
      context,
      sync,
      shifts,
      sales,
      refunds: new RefundService(context, shifts, sales),
      customers,
      print: new PrintService(context, options.printer ?? { kind: 'dialog' }),
      verifiers: new PinVerifiers(store, policy, now),
      catalog,
      favourites: new Favourites(context.kv, catalog),
    };
    // At start-up the loops start once the session exists (below); after a pairing, at once.
    if (sessionReady && autoStart) sync.start();
    if (sessionReady && catalogAutoStart) catalog.sync.start();
    return till;
  };

  session = new SessionService({
    secrets: new SecretStore(join(options.dataDir, 'secrets.json'), options.cipher ?? plainCipher),
    identity: new IdentityClient(graphql),
    openTill: (terminalId) => {
      const opened = openTill(terminalId);
      const depth = () => opened.sync.status();
      return {
        verifiers: opened.verifiers,
        throttle: new PinThrottle(opened.context.kv, policy, now),
        openEntries: () => {
          const status = depth();
          return status.pending + status.parked;
        },
      };
    },
    now,
    logger,
  });
  sessionReady = true;
  // (`till` is assigned inside openTill, which TypeScript's narrowing cannot see.)
  const opened = till as Till | null;
  if (autoStart) opened?.sync.start();
  if (catalogAutoStart) opened?.catalog.sync.start();

  const paired = (): Till => {
    if (!till) throw PosError.of('NOT_PAIRED');
    return till;
  };
  const run = <T>(work: () => T | Promise<T>) => settle(work, logger);
  /** After an online sign-in the uploader has a session again: wake it instead of waiting out its backoff. */
  const signIn = async (login: () => Promise<PinLoginResult>) => {
    const result = await login();
    if (result.session.mode === 'online') {
      till?.sync.notify();
      // A pull right after pairing had no session yet: catch up now rather than at the next round.
      void till?.catalog.sync.pull();
    }
    return result;
  };
  const config = (): PosConfig => ({
    gatewayUrl: options.gatewayUrl,
    terminalId: session.device()?.terminalId ?? null,
  });

  const api: PosHost['api'] = {
    config: { get: async () => config() },
    session: {
      state: () => run(() => session.state()),
      pair: (input) =>
        run(() => {
          const { code, deviceName } = parse(pairSchema, input);
          return session.pair(code, deviceName);
        }),
      pinLogin: (pin) => run(() => signIn(() => session.pinLogin(typeof pin === 'string' ? pin : ''))),
      switchCashier: (pin) =>
        run(() => signIn(() => session.switchCashier(typeof pin === 'string' ? pin : ''))),
      lock: () => run(() => session.lock()),
      logout: () => run(() => session.logout()),
      accessToken: () => run(() => session.accessToken()),
    },
    shift: {
      current: () => run(() => paired().shifts.current()),
      open: (input) => run(() => paired().shifts.open(input)),
      cashIn: (input) => run(() => paired().shifts.cashIn(input)),
      cashOut: (input) => run(() => paired().shifts.cashOut(input)),
      xReport: () => run(() => paired().shifts.xReport()),
      close: (input) => run(() => paired().shifts.close(input)),
    },
    sale: {
      complete: (draft) => run(() => paired().sales.complete(draft)),
      fiscalise: (id) => run(() => paired().sales.fiscalise(id)),
      get: (id) => run(() => paired().sales.get(id)),
      recent: (limit) => run(() => paired().sales.recent(limit)),
      unfinished: () => run(() => paired().sales.unfinished()),
    },
    refund: {
      record: (draft) => run(() => paired().refunds.record(draft)),
      fiscalise: (id) => run(() => paired().refunds.fiscalise(id)),
    },
    customer: {
      register: (draft) => run(() => paired().customers.register(draft)),
      get: (id) => run(() => paired().customers.get(id)),
      recent: (limit) => run(() => paired().customers.recent(limit)),
      remember: (customer) => run(() => paired().customers.remember(customer)),
      lookup: (phone) => run(() => paired().customers.lookup(phone)),
    },
    print: { receipt: (id) => run(() => paired().print.receipt(id)) },
    sync: {
      status: () => run(() => paired().sync.status()),
      syncNow: () => run(() => paired().sync.syncNow()),
      needsAttention: () => run(() => parkedEntries(paired().context.outbox)),
      retry: (id) =>
        run(() => {
          const t = paired();
          if (!t.context.outbox.retryParked(parse(entryIdSchema, id))) throw PosError.of('NOT_PARKED');
          t.sync.notify();
          return t.sync.status();
        }),
      discard: (id) =>
        run(() => {
          const t = paired();
          if (!t.context.outbox.discard(parse(entryIdSchema, id))) throw PosError.of('NOT_PARKED');
          t.sync.emit();
          return t.sync.status();
        }),
      depth: () => run(() => paired().context.outbox.depth()),
    },
    catalog: {
      status: () => run(() => paired().catalog.status()),
      search: (input) => run(() => paired().catalog.search(input)),
      browse: (input) => run(() => paired().catalog.browse(input)),
      byBarcode: (code) => run(() => paired().catalog.byBarcode(code)),
      product: (id) => run(() => paired().catalog.product(id)),
      categories: () => run(() => paired().catalog.categories()),
      modifierGroups: (ids) => run(() => paired().catalog.modifierGroups(ids)),
      pullNow: () => run(() => paired().catalog.sync.pull()),
      view: (input) => run(() => catalogView(paired().catalog, input)),
      favourites: () => run(() => paired().favourites.list()),
      setFavourite: (input) => run(() => paired().favourites.set(input)),
    },
    fiscal: fiscalModule.api,
  };

  async function closeTill(open: Till): Promise<void> {
    await open.sync.stop();
    await open.catalog.close();
    open.store.close();
  }

  return {
    api,
    session,
    till: () => till,
    onSyncStatus(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (till) await closeTill(till);
      till = null;
      await fiscalModule.close();
    },
  };
}
