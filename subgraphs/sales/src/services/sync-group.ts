/**
 * Group commit for `syncSales` (issue 19): the batches of one tenant that arrive while that
 * tenant's previous group is being written are stored together, in ONE transaction with one
 * set-based statement each for sales, lines, payments and events (sale-store.ts `storeGroup`),
 * and each caller gets its own batch's outcomes. One commit (one WAL flush), one statement set
 * and one rollup upsert per product per group instead of per batch.
 *
 * - No timer: a batch that finds fewer than `SALES_SYNC_GROUPS` groups of its tenant in flight
 *   is written at once (a lone terminal pays nothing); batches that arrive while they are all in
 *   flight wait and go together in the next one to start (leader/follower), up to
 *   {@link GROUP_MAX_SALES} sales.
 * - Never across tenants: the queue is per data source and tenant, and the group's transaction
 *   is the tenant transaction of its first caller (`ctx.tx` sets only the tenant for RLS; what
 *   depends on the caller — cashier, discount authority, terminal — stays per batch).
 * - Error isolation: if the group's transaction fails for any reason, nothing of it is stored
 *   (one transaction) and every batch of the group is stored again on its own, exactly as
 *   without grouping (batch, then one sale per transaction): one batch's bad sale never fails
 *   another terminal's batch. The primary key keeps every retry exactly-once.
 * - A caller is answered only after the group's commit.
 */
import type { RequestContext } from '@jowi/server-kit';
import { loadSyncGroupEnv } from '../env.ts';
import { type StoreBatch, storeGroup } from './sale-store.ts';
import type { SyncSaleOutcome } from './sync-sales.service.ts';

/** Most sales written in one group transaction (a batch larger than this goes alone). */
export const GROUP_MAX_SALES = 1000;

type Outcomes = Map<number, Omit<SyncSaleOutcome, 'id'>>;
/**
 * The batch's outcomes; or, when its group failed (nothing of it stored): `batch` — store it
 * on its own as without grouping; `sales` — it was alone in the group, go straight to one sale
 * per transaction.
 */
export type GroupResult = Outcomes | 'batch' | 'sales';

interface Waiting {
  ctx: RequestContext;
  batch: StoreBatch;
  resolve(result: GroupResult): void;
}

interface TenantQueue {
  /** Groups of this tenant being written now. */
  running: number;
  waiting: Waiting[];
}

const config = loadSyncGroupEnv();
let grouping = config.SALES_SYNC_GROUP === '1';
/**
 * Groups of one tenant written at the same time (`SALES_SYNC_GROUPS`, default 2: one per core of
 * the database server here; concurrent groups take separate rollup slots).
 */
let inFlight = config.SALES_SYNC_GROUPS;

/** Turns group commit on or off (`SALES_SYNC_GROUP=0` starts with it off): for benchmarks. */
export function setSyncGrouping(on: boolean, groups = inFlight): void {
  grouping = on;
  inFlight = Math.max(1, groups);
}

let waitingCount = 0;

/** Batches waiting for their tenant's group in this process (for specs that hold a group back). */
export function groupWaiting(): number {
  return waitingCount;
}

const queues = new WeakMap<RequestContext['db'], Map<string, TenantQueue>>();

/**
 * Stores `batch` in the tenant's next group. Resolves to its outcomes, or to how the caller
 * stores it on its own when the group failed (the group left nothing behind).
 */
export function storeInGroup(ctx: RequestContext, tenantId: string, batch: StoreBatch): Promise<GroupResult> {
  if (!grouping) return Promise.resolve('batch');
  let byTenant = queues.get(ctx.db);
  if (!byTenant) {
    byTenant = new Map();
    queues.set(ctx.db, byTenant);
  }
  let queue = byTenant.get(tenantId);
  if (!queue) {
    queue = { running: 0, waiting: [] };
    byTenant.set(tenantId, queue);
  }
  const q = queue;
  const map = byTenant;
  return new Promise((resolve) => {
    q.waiting.push({ ctx, batch, resolve });
    waitingCount++;
    if (q.running < inFlight) void drain(q, map, tenantId);
  });
}

async function drain(
  queue: TenantQueue,
  byTenant: Map<string, TenantQueue>,
  tenantId: string,
): Promise<void> {
  queue.running++;
  try {
    while (queue.waiting.length > 0) {
      const group = takeGroup(queue.waiting);
      waitingCount -= group.length;
      const leader = group[0]!;
      try {
        const outcomes = await leader.ctx.tx((m) =>
          storeGroup(
            m,
            tenantId,
            group.map((w) => w.batch),
          ),
        );
        for (const [i, w] of group.entries()) w.resolve(outcomes[i]!);
      } catch (error) {
        leader.ctx.log.warn(
          { err: error, batches: group.length },
          'syncSales: group failed, storing each batch on its own',
        );
        for (const w of group) w.resolve(group.length === 1 ? 'sales' : 'batch');
      }
    }
  } finally {
    queue.running--;
    if (queue.running === 0 && queue.waiting.length === 0) byTenant.delete(tenantId);
  }
}

/** The oldest waiting batches, up to {@link GROUP_MAX_SALES} sales (always at least one). */
function takeGroup(waiting: Waiting[]): Waiting[] {
  let sales = 0;
  let n = 0;
  while (n < waiting.length) {
    sales += waiting[n]!.batch.candidates.length;
    if (n > 0 && sales > GROUP_MAX_SALES) break;
    n++;
  }
  return waiting.splice(0, n);
}
