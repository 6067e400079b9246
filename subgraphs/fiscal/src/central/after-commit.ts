/**
 * "After this transaction commits, do X" for TypeORM transactions. The sale-event consumer
 * inserts a PENDING receipt inside the consumer's transaction, and must enqueue its job only
 * once that row is committed — a worker fast enough to take the job earlier would not see it,
 * and a rolled-back batch must enqueue nothing. Callbacks are kept per query runner (one per
 * open transaction) and run by a TypeORM subscriber after the outermost COMMIT; a rollback
 * drops them. They run detached: a slow or failing Redis never delays or fails the commit
 * (the reconciler picks up whatever was not enqueued).
 */
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

const callbacks = new WeakMap<QueryRunner, (() => void)[]>();
const installed = new WeakSet<DataSource>();

/** Runs `callback` after `manager`'s transaction commits (at once when there is none). */
export function afterCommit(manager: EntityManager, callback: () => void): void {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive) {
    callback();
    return;
  }
  const list = callbacks.get(runner) ?? [];
  list.push(callback);
  callbacks.set(runner, list);
}

/** Installs the subscriber on a data source (idempotent). */
export function installAfterCommit(dataSource: DataSource): void {
  if (installed.has(dataSource)) return;
  installed.add(dataSource);
  dataSource.subscribers.push({
    afterTransactionCommit(event) {
      const runner = event.queryRunner;
      // A released savepoint also "commits"; only the outermost COMMIT makes rows visible.
      if (runner.isTransactionActive) return;
      const list = callbacks.get(runner);
      callbacks.delete(runner);
      for (const callback of list ?? []) setImmediate(callback);
    },
    afterTransactionRollback(event) {
      if (!event.queryRunner.isTransactionActive) callbacks.delete(event.queryRunner);
    },
  });
}
