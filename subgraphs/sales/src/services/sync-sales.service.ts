/**
 * `syncSales`: the upload path of the POS outbox.
 *
 * A batch carries shift events, sales and refunds made on one terminal. The terminal is
 * resolved once (sales' own directory projection gives its store and time zone), and the
 * products the sales name are read once from sales' catalog projection (snapshots a line left
 * out are filled from it after hashing, and the answer carries the catalog version), then:
 *
 * 1. shift events in input order, each in its own transaction — except the trailing ones from
 *    the first CLOSE after the batch's last OPEN, which wait until step 4, so a shift opened,
 *    sold in and closed offline is closed with all its sales and refunds already stored;
 * 2. the sales, set-based (stored by sale-store.ts): all valid sales of the batch in one
 *    transaction, shared with the tenant's other batches arriving meanwhile (group commit,
 *    sync-group.ts) — one multi-row `INSERT … SELECT FROM unnest(…) ON CONFLICT (tenant_id, id) DO
 *    NOTHING RETURNING`, sorted by id so concurrent batches take row locks in the same order,
 *    then the lines, payments and `sale.created` events of the rows actually inserted, then the
 *    stored rows of the ids that were not inserted, classified by content hash: equal → DUPLICATE
 *    (no side effect repeated), different → CONFLICT (nothing overwritten);
 * 3. refunds in input order, each in its own transaction;
 * 4. the deferred shift events.
 *
 * Idempotency rests on the primary key (tenant_id, id) alone: of any number of concurrent
 * senders — in any process — exactly one inserts a given id; the others' ON CONFLICT waits for
 * that transaction to commit and sees the row. If the batch transaction fails for any reason (a
 * deadlock, a constraint no validation foresaw), the sales are retried one per transaction, so
 * one bad sale never fails its batch; a sale that still fails is `INTERNAL_ERROR`, safe to
 * resend. The answer is sent only after every transaction has committed.
 */

import { type EntityManager, isUuid, type RequestContext, requirePermission } from '@jowi/server-kit';
import type {
  SaleInput,
  ShiftEventInput,
  SyncSalesInput,
  SyncStatus,
} from '../__generated__/resolvers-types.ts';
import type { SaleRow } from '../entities/sale.entity.ts';
import { internalError, type SalesUserError, userError } from '../errors/index.ts';
import { type ProductFacts, readCatalogFacts } from './catalog.ts';
import { resolveTerminal, type TerminalScope } from './directory.ts';
import { terminalRefusal, unknownTerminal } from './documents.ts';
import { applyRefund } from './refund.service.ts';
import { contentHash, validateSale } from './sale-content.ts';
import { cashlessVerdict } from './sale-review.ts';
import { type Candidate, type SaleReview, salePath, storeSales } from './sale-store.ts';
import { applyShiftEvent } from './shift.service.ts';
import { fillSnapshots } from './snapshot-fill.ts';
import { storeInGroup } from './sync-group.ts';
import { checkHealthReport, recordHealth } from './terminal-health.service.ts';

export const SYNC_PERMISSION = 'sales:sync';
/** Most sales (and, separately, refunds and shift events) accepted in one call. */
export const MAX_BATCH = 500;

export interface SyncSaleOutcome {
  /** The id as sent. */
  id: string;
  status: SyncStatus;
  sale: SaleRow | null;
  error: SalesUserError | null;
}

export type ShiftEventOutcome = Awaited<ReturnType<typeof applyShiftEvent>>;
export type RefundOutcome = Awaited<ReturnType<typeof applyRefund>>;

export interface SyncSalesOutcome {
  results: SyncSaleOutcome[];
  shiftEventResults: ShiftEventOutcome[];
  refundResults: RefundOutcome[];
  errors: SalesUserError[];
  /** The tenant's catalog version as sales knows it (`catalogChanges` cursor); null when unknown. */
  catalogVersion: string | null;
  /** Disabled staff of the tenant (sales' directory): the POS forgets their PIN verifiers. */
  disabledStaffIds: string[];
}

/** Uploads a batch made on one terminal. One result per document, in input order. */
export async function syncSales(ctx: RequestContext, input: SyncSalesInput): Promise<SyncSalesOutcome> {
  const tenantId = requirePermission(ctx, SYNC_PERMISSION);
  const shiftEvents = input.shiftEvents ?? [];
  const refunds = input.refunds ?? [];
  for (const [field, count] of [
    ['sales', input.sales.length],
    ['shiftEvents', shiftEvents.length],
    ['refunds', refunds.length],
  ] as const) {
    if (count > MAX_BATCH) {
      const message = `At most ${MAX_BATCH} ${field} per call, got ${count}`;
      return batchError(userError('BATCH_TOO_LARGE', message, ['input', field]));
    }
  }
  // A paired terminal (or a PIN session on one) uploads its own documents only.
  const refusal = terminalRefusal(ctx, input.terminalId, ['input', 'terminalId']);
  if (refusal) return batchError(refusal);
  const health = input.health ? checkHealthReport(input.health, ['input', 'health']) : null;
  if (health && !health.ok) return batchError(health.error);
  // RLS: a terminal of another tenant is as unknown as one that does not exist. A deactivated
  // terminal is refused as a whole (docs/decisions.md, "Deactivated terminals"): its documents
  // stay in the POS's outbox until the terminal is reactivated.
  const { scope, catalog, disabledStaffIds } = await ctx.tx(async (m) => ({
    scope: await resolveTerminal(m, input.terminalId),
    catalog: await readCatalogFacts(m, productIdsOf(input.sales)),
    disabledStaffIds: await disabledStaff(m),
  }));
  if (!scope) return batchError(unknownTerminal(['input', 'terminalId']));
  if (!scope.active) {
    return batchError(
      userError(
        'TERMINAL_INACTIVE',
        'This terminal was deactivated in the back office; reactivate it to upload',
        ['input', 'terminalId'],
      ),
    );
  }

  const shiftEventResults: ShiftEventOutcome[] = new Array(shiftEvents.length);
  const deferFrom = deferredShiftEvents(shiftEvents);
  const applyEvent = async (i: number) => {
    const event = shiftEvents[i]!;
    const path = ['input', 'shiftEvents', String(i)];
    shiftEventResults[i] = await guarded(
      ctx,
      path,
      () => applyShiftEvent(ctx, scope, event, path),
      (error) => ({ id: event.id, status: 'REJECTED', shift: null, error }),
    );
  };
  for (let i = 0; i < deferFrom; i++) await applyEvent(i);
  const results = await ingestSales(ctx, tenantId, scope, input.sales, catalog.products);
  const refundResults: RefundOutcome[] = [];
  for (const [i, refund] of refunds.entries()) {
    const path = ['input', 'refunds', String(i)];
    refundResults.push(
      await guarded(
        ctx,
        path,
        () => applyRefund(ctx, scope, refund, path),
        (error) => ({ id: refund.id, status: 'REJECTED', refund: null, error }),
      ),
    );
  }
  for (let i = deferFrom; i < shiftEvents.length; i++) await applyEvent(i);
  // Recorded last: the figures describe the POS as it sent this batch, and the batch is in.
  if (health?.ok) await ctx.tx((m) => recordHealth(m, tenantId, scope, health.report, true));
  return {
    results,
    shiftEventResults,
    refundResults,
    errors: [],
    catalogVersion: catalog.version,
    disabledStaffIds,
  };
}

/**
 * The distinct well-formed product ids, lower-cased, of the batch's lines — the products the one
 * projection read returns: to fill the snapshots a line left out, and for the review checks
 * (cashless-only goods, marking) of every line (see sale-review.ts).
 */
function productIdsOf(sales: readonly SaleInput[]): string[] {
  const ids = new Set<string>();
  for (const sale of sales) {
    for (const line of sale.lines) {
      if (isUuid(line.productId)) ids.add(line.productId.toLowerCase());
    }
  }
  return [...ids];
}

/**
 * Index from which shift events wait until after the sales and refunds: the first CLOSE after
 * the batch's last OPEN. Everything before it runs in input order first (a CLOSE followed by an
 * OPEN must run before that OPEN: a terminal has one open shift at a time).
 */
export function deferredShiftEvents(events: readonly Pick<ShiftEventInput, 'kind'>[]): number {
  const lastOpen = events.findLastIndex((e) => e.kind === 'OPEN');
  const close = events.findIndex((e, i) => i > lastOpen && e.kind === 'CLOSE');
  return close === -1 ? events.length : close;
}

function batchError(error: SalesUserError): SyncSalesOutcome {
  return {
    results: [],
    shiftEventResults: [],
    refundResults: [],
    errors: [error],
    catalogVersion: null,
    disabledStaffIds: [],
  };
}

/** Ids of the tenant's disabled staff in sales' directory projection (at most 1000, newest first). */
async function disabledStaff(m: EntityManager): Promise<string[]> {
  const rows: { id: string }[] = await m.query(
    'SELECT id FROM sales.staff_ref WHERE NOT active ORDER BY updated_at DESC LIMIT 1000',
  );
  return rows.map((r) => r.id);
}

/** Runs one shift event or refund; an unexpected failure becomes that item's INTERNAL_ERROR. */
async function guarded<T>(
  ctx: RequestContext,
  path: string[],
  work: () => Promise<T>,
  rejected: (error: SalesUserError) => T,
): Promise<T> {
  try {
    return await work();
  } catch (error) {
    ctx.log.error({ err: error, path }, 'syncSales: could not apply document');
    return rejected(internalError(ctx.traceId, path));
  }
}

/**
 * Validates every sale, then stores the valid ones in one transaction (per-sale on failure).
 * `products` is the batch's read of the catalog projection.
 */
async function ingestSales(
  ctx: RequestContext,
  tenantId: string,
  scope: TerminalScope,
  sales: readonly SaleInput[],
  products: ReadonlyMap<string, ProductFacts>,
): Promise<SyncSaleOutcome[]> {
  const results: SyncSaleOutcome[] = new Array(sales.length);
  const candidates: Candidate[] = [];
  for (const [index, input] of sales.entries()) {
    const checked = validateSale(input, scope.terminalId, salePath(index));
    if (!checked.ok) {
      results[index] = { id: input.id, status: 'REJECTED', sale: null, error: checked.error };
      continue;
    }
    if (cashlessVerdict(checked.sale, products) === 'refuse') {
      const message = 'Goods sold only without cash (alcohol, tobacco) were paid in cash';
      const error = userError('CASH_FOR_CASHLESS', message, [...salePath(index), 'payments']);
      results[index] = { id: input.id, status: 'REJECTED', sale: null, error };
      continue;
    }
    // Hash first: the hash covers what was sent, never what the projection filled in.
    const hash = contentHash(checked.sale);
    const filled = fillSnapshots(input, checked.sale, products);
    candidates.push({ index, sale: filled.sale, hash, missingIkpu: filled.withoutIkpu.length > 0 });
  }
  if (candidates.length === 0) return results;
  // Staff sessions (also PIN sessions on a terminal) name the cashier when the POS did not.
  const signedIn = ctx.identity.kind === 'staff' ? (ctx.identity.subject?.toLowerCase() ?? null) : null;
  const review: SaleReview = { signedIn, callerPermissions: ctx.identity.permissions, products };
  const place = (outcomes: Map<number, Omit<SyncSaleOutcome, 'id'>>) => {
    for (const [index, outcome] of outcomes) results[index] = { id: sales[index]!.id, ...outcome };
  };
  const grouped = await storeInGroup(ctx, tenantId, { scope, review, candidates });
  if (typeof grouped !== 'string') {
    place(grouped);
    return results;
  }
  try {
    if (grouped === 'sales') throw new Error('the batch failed alone in its group');
    place(await ctx.tx((m) => storeSales(m, tenantId, scope, review, candidates)));
  } catch (batchFailure) {
    ctx.log.warn(
      { err: batchFailure, count: candidates.length },
      'syncSales: batch failed, storing one by one',
    );
    for (const candidate of candidates) {
      try {
        place(await ctx.tx((m) => storeSales(m, tenantId, scope, review, [candidate])));
      } catch (error) {
        // Unexpected (database down, bug): this sale only. A resend is safe: the PK decides.
        ctx.log.error({ err: error, saleId: candidate.sale.id }, 'syncSales: could not store sale');
        results[candidate.index] = {
          id: sales[candidate.index]!.id,
          status: 'REJECTED',
          sale: null,
          error: internalError(ctx.traceId, salePath(candidate.index)),
        };
      }
    }
  }
  return results;
}
