/**
 * How a PENDING central receipt reaches the worker.
 *
 * - **queue** (Redis configured): a BullMQ job whose `jobId` is the receipt id, so adding the
 *   same receipt twice (the consumer after commit, the reconciler, `retryFiscalization`) while a
 *   job exists is a no-op. Redis is a delivery mechanism, not the record: the PENDING row in
 *   PostgreSQL is, and the reconciler re-enqueues rows that sit unchanged — so a FLUSHDB, a lost
 *   add or a worker that died delay fiscalization but never lose it.
 * - **direct** (no Redis, e.g. `npm start` without REDIS_URL): no queue; the receipt is processed
 *   in this process right away, retries are scheduled in `next_attempt_at`, and the reconciler
 *   runs what is due.
 *
 * The dispatcher of a data source is registered here so services (retry) and the consumer find
 * it through the data source they already hold.
 */
import type { Logger } from '@jowi/server-kit';
import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';

/** A queued registration: the receipt, in its tenant. */
export interface ReceiptJob {
  tenantId: string;
  receiptId: string;
}

export const RECEIPT_QUEUE = 'fiscal-receipts';

export interface FiscalDispatcher {
  readonly mode: 'queue' | 'direct';
  /** Hands a receipt to the worker. Never throws: a failure is logged and left to the reconciler. */
  enqueue(job: ReceiptJob): Promise<void>;
  close(): Promise<void>;
}

const dispatchers = new WeakMap<DataSource, FiscalDispatcher>();

export function registerDispatcher(dataSource: DataSource, dispatcher: FiscalDispatcher | null): void {
  if (dispatcher) dispatchers.set(dataSource, dispatcher);
  else dispatchers.delete(dataSource);
}

/** Enqueues through the data source's dispatcher; without one (worker off) the reconciler of another process will. */
export async function enqueueReceipt(dataSource: DataSource, job: ReceiptJob): Promise<void> {
  await dispatchers.get(dataSource)?.enqueue(job);
}

/** The BullMQ key prefix: per database, so test databases sharing one Redis never swap jobs. */
export function queuePrefix(dataSource: DataSource): string {
  return `jowi:${dataSource.driver.database || 'jowi'}`;
}

export interface QueueDispatcherOptions {
  redisUrl: string;
  prefix: string;
  maxAttempts: number;
  backoffMs: number;
  log: Logger;
}

/** BullMQ job options shared by every add. */
export function jobOptions(options: { maxAttempts: number; backoffMs: number }, receiptId: string) {
  return {
    jobId: receiptId,
    // A margin over the receipt's own attempt budget: the worker decides the dead letter from
    // the row's `attempts`; BullMQ's count only stops a job whose attempts went unrecorded.
    attempts: options.maxAttempts + 2,
    backoff: { type: 'exponential' as const, delay: options.backoffMs },
    removeOnComplete: true,
    removeOnFail: true,
  };
}

export function createQueueDispatcher(options: QueueDispatcherOptions): FiscalDispatcher & { queue: Queue } {
  const queue = new Queue<ReceiptJob>(RECEIPT_QUEUE, {
    // Commands wait while Redis reconnects; `enqueue` gives up after a few seconds (see below).
    connection: { url: options.redisUrl, maxRetriesPerRequest: 1 },
    prefix: options.prefix,
  });
  queue.on('error', (error) => options.log.warn({ err: error.message }, 'fiscal queue error'));
  return {
    mode: 'queue',
    queue,
    async enqueue(job) {
      try {
        await Promise.race([
          queue.add('register', job, jobOptions(options, job.receiptId)),
          new Promise((_, reject) => setTimeout(() => reject(new Error('enqueue timed out')), 3_000).unref()),
        ]);
      } catch (error) {
        options.log.warn(
          { receiptId: job.receiptId, err: error instanceof Error ? error.message : String(error) },
          'could not enqueue the fiscal receipt; the reconciler will',
        );
      }
    },
    close: () => queue.close(),
  };
}

/** No Redis: runs each receipt in this process, one at a time per receipt. */
export function createDirectDispatcher(
  run: (job: ReceiptJob) => Promise<unknown>,
  log: Logger,
): FiscalDispatcher & { idle(): Promise<void> } {
  const running = new Map<string, Promise<void>>();
  return {
    mode: 'direct',
    async enqueue(job) {
      if (running.has(job.receiptId)) return;
      const task = run(job)
        .then(() => undefined)
        .catch((error: unknown) => {
          log.error({ receiptId: job.receiptId, err: error }, 'fiscal receipt processing failed');
        })
        .finally(() => running.delete(job.receiptId));
      running.set(job.receiptId, task);
    },
    async idle() {
      while (running.size > 0) await Promise.all(running.values());
    },
    async close() {
      await Promise.all(running.values());
    },
  };
}
