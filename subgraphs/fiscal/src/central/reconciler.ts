/**
 * The reconciler: PostgreSQL is the record of what must be fiscalised, the queue only delivers.
 * On an interval it
 *  - re-enqueues central PENDING receipts unchanged for `staleMs` (a job lost to FLUSHDB, an add
 *    that failed, a job BullMQ gave up on) — adding an existing job id is a no-op, so a receipt
 *    that is merely waiting in backoff is not doubled. Without Redis (direct mode) it runs the
 *    receipts whose `next_attempt_at` is due instead;
 *  - dead-letters local PENDING receipts the POS has not reported within `localDeadlineMs`.
 *
 * Finding work spans tenants: it reads with `app.fiscal_sweep = 'on'` (a read-only policy of
 * the fiscal tables); each change then happens in the receipt's own tenant transaction.
 */
import { inTenant, type Logger } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import { appendStatusEvent } from '../services/receipt-state.ts';
import type { FiscalDispatcher, ReceiptJob } from './dispatcher.ts';

export interface ReconcilerOptions {
  dataSource: DataSource;
  dispatcher: FiscalDispatcher;
  log: Logger;
  intervalMs: number;
  staleMs: number;
  localDeadlineMs: number;
  batchSize?: number;
}

/** Receipts due, across tenants (read-only sweep). */
async function sweep(dataSource: DataSource, sql: string, params: unknown[]): Promise<ReceiptJob[]> {
  return dataSource.transaction(async (m) => {
    await m.query("SELECT set_config('app.fiscal_sweep', 'on', true)");
    const rows: { tenant_id: string; id: string }[] = await m.query(sql, params);
    return rows.map((r) => ({ tenantId: r.tenant_id, receiptId: r.id }));
  });
}

/** One reconciliation pass; returns what it did (for tests and logs). */
export async function reconcileOnce(
  options: ReconcilerOptions,
): Promise<{ requeued: number; expired: number }> {
  const { dataSource, dispatcher } = options;
  const limit = options.batchSize ?? 500;
  const due =
    dispatcher.mode === 'queue'
      ? await sweep(
          dataSource,
          `SELECT tenant_id, id FROM fiscal.receipt
            WHERE status = 'PENDING' AND mode = 'CENTRAL' AND updated_at < now() - $1 * interval '1 millisecond'
            ORDER BY updated_at LIMIT $2`,
          [options.staleMs, limit],
        )
      : await sweep(
          dataSource,
          `SELECT tenant_id, id FROM fiscal.receipt
            WHERE status = 'PENDING' AND mode = 'CENTRAL'
              AND coalesce(next_attempt_at, updated_at + $1 * interval '1 millisecond') <= now()
            ORDER BY updated_at LIMIT $2`,
          [options.staleMs, limit],
        );
  for (const job of due) await dispatcher.enqueue(job);

  const late = await sweep(
    dataSource,
    `SELECT tenant_id, id FROM fiscal.receipt
      WHERE status = 'PENDING' AND mode = 'LOCAL' AND created_at < now() - $1 * interval '1 millisecond'
      ORDER BY created_at LIMIT $2`,
    [options.localDeadlineMs, limit],
  );
  for (const job of late) {
    await inTenant(dataSource, job.tenantId, async (m) => {
      const [expired]: [{ id: string }[], number] = await m.query(
        `UPDATE fiscal.receipt SET status = 'NEEDS_ATTENTION', error_code = 'LOCAL_RECEIPT_MISSING',
                error_message = 'The POS has not reported a fiscal receipt for this sale', updated_at = now()
          WHERE id = $1 AND status = 'PENDING' RETURNING id`,
        [job.receiptId],
      );
      if (expired[0]) await appendStatusEvent(m, job.tenantId, job.receiptId);
    });
  }
  if (due.length || late.length) {
    options.log.info({ requeued: due.length, localExpired: late.length }, 'fiscal reconciler pass');
  }
  return { requeued: due.length, expired: late.length };
}

/** Runs {@link reconcileOnce} every `intervalMs` until stopped. */
export function startReconciler(options: ReconcilerOptions): {
  stop(): Promise<void>;
  runNow(): Promise<unknown>;
} {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    running = running
      .then(() => (stopped ? undefined : reconcileOnce(options)))
      .catch((error: unknown) => options.log.warn({ err: error }, 'fiscal reconciler pass failed'));
    return running;
  };
  const timer = setInterval(tick, options.intervalMs);
  timer.unref();
  return {
    runNow: tick,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
