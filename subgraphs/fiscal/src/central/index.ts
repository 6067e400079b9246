/**
 * Central mode, wired: the dispatcher (BullMQ queue, or direct calls without Redis), the
 * after-commit hook the sale-event consumer enqueues through, the BullMQ worker and the
 * reconciler. Started by the fiscal subgraph process (and by `worker-main.ts`, a worker-only
 * process for scaling out or for tests).
 */
import type { Logger } from '@jowi/server-kit';
import type { Worker } from 'bullmq';
import type { DataSource } from 'typeorm';
import { installAfterCommit } from './after-commit.ts';
import type { CentralEnv } from './config.ts';
import {
  createDirectDispatcher,
  createQueueDispatcher,
  type FiscalDispatcher,
  queuePrefix,
  registerDispatcher,
} from './dispatcher.ts';
import { reconcileOnce, startReconciler } from './reconciler.ts';
import { processReceipt, startReceiptWorker, type WorkerDeps } from './worker.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

export interface CentralFiscalization {
  dispatcher: FiscalDispatcher;
  worker: Worker | null;
  /** One reconciler pass now (tests, tools). */
  reconcile(): Promise<{ requeued: number; expired: number }>;
  stop(): Promise<void>;
}

export function startCentralFiscalization(deps: {
  dataSource: DataSource;
  redisUrl: string | undefined;
  log: Logger;
  config: CentralEnv;
}): CentralFiscalization {
  const { dataSource, config } = deps;
  const log = deps.log.child({ component: 'fiscal-central' });
  installAfterCommit(dataSource);
  const workerDeps: WorkerDeps = {
    dataSource,
    log,
    maxAttempts: config.FISCAL_MAX_ATTEMPTS,
    backoffMs: config.FISCAL_BACKOFF_MS,
    gatewayTimeoutMs: config.FISCAL_GATEWAY_TIMEOUT_MS,
    leaseMs: Math.max(config.FISCAL_GATEWAY_TIMEOUT_MS * 3, config.FISCAL_STALE_PENDING_MS),
  };
  const workerOn = config.FISCAL_WORKER === 'on';
  let dispatcher: FiscalDispatcher;
  let worker: Worker | null = null;
  if (deps.redisUrl) {
    const prefix = queuePrefix(dataSource);
    dispatcher = createQueueDispatcher({
      redisUrl: deps.redisUrl,
      prefix,
      maxAttempts: config.FISCAL_MAX_ATTEMPTS,
      backoffMs: config.FISCAL_BACKOFF_MS,
      log,
    });
    if (workerOn) {
      worker = startReceiptWorker({
        ...workerDeps,
        redisUrl: deps.redisUrl,
        prefix,
        concurrency: config.FISCAL_CONCURRENCY,
        lockDurationMs: config.FISCAL_LOCK_MS,
        stalledIntervalMs: config.FISCAL_STALLED_CHECK_MS,
      });
    }
  } else {
    if (workerOn) {
      log.warn(
        'REDIS_URL is not set: central fiscalization runs WITHOUT a queue — receipts are sent to the fiscal ' +
          'gateway directly from this process and retried by the reconciler. Set REDIS_URL for the BullMQ queue.',
      );
    }
    dispatcher = createDirectDispatcher((job) => processReceipt(workerDeps, job), log);
  }
  // Without a worker here, enqueueing still works in queue mode (another process works the queue).
  if (workerOn || dispatcher.mode === 'queue') registerDispatcher(dataSource, dispatcher);
  const reconcilerOptions = {
    dataSource,
    dispatcher,
    log,
    intervalMs: config.FISCAL_RECONCILE_MS,
    staleMs: config.FISCAL_STALE_PENDING_MS,
    localDeadlineMs: config.FISCAL_LOCAL_DEADLINE_MS,
  };
  const reconciler = workerOn ? startReconciler(reconcilerOptions) : null;
  return {
    dispatcher,
    worker,
    reconcile: () => reconcileOnce(reconcilerOptions),
    async stop() {
      await reconciler?.stop();
      if (worker) {
        // A graceful close waits for the running jobs — and forever when Redis is gone.
        const closing = worker.close().then(() => true);
        const closed = await Promise.race([closing, sleep(5_000).then(() => false)]);
        if (!closed) await Promise.race([worker.close(true), sleep(2_000)]);
      }
      await dispatcher.close();
      registerDispatcher(dataSource, null);
    },
  };
}

export { type CentralEnv, centralConfig, centralEnvSchema } from './config.ts';
export { SALE_EVENTS_CONSUMER, saleEventsConsumer } from './sale-events.consumer.ts';
