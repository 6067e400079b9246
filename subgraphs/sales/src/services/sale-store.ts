/**
 * Storing a `syncSales` batch (step 2 of sync-sales.service.ts): the valid sales of one terminal
 * in one tenant transaction — shift and cashier placement, review flags, one set-based insert of
 * sales, lines and payments with their `sale.created` events, and the DUPLICATE/CONFLICT verdict
 * for ids already stored.
 */
import type { EventPayloadInput } from '@jowi/events';
import {
  appendEvents,
  type EntityManager,
  formatMoney,
  formatQuantity,
  preparedQuery,
} from '@jowi/server-kit';
import type { SaleFlag, SaleRow } from '../entities/sale.entity.ts';
import { type SalesUserError, userError } from '../errors/index.ts';
import type { ProductFacts } from './catalog.ts';
import type { TerminalScope } from './directory.ts';
import { SALE_COLUMNS, toSaleRow } from './sale.service.ts';
import type { SaleContent } from './sale-content.ts';
import { type DiscountAuthority, isDiscounted, readDiscountHolders, reviewFlags } from './sale-review.ts';
import type { SyncSaleOutcome } from './sync-sales.service.ts';

/** A device clock this far ahead of the server flags the sale `FUTURE_DEVICE_TIME`. */
export const FUTURE_TOLERANCE_MS = 5 * 60 * 1000;

export const salePath = (index: number) => ['input', 'sales', String(index)];

/** A valid sale of the batch with what the server derives for it. */
export interface Candidate {
  index: number;
  /** The sale with its missing snapshots filled from the catalog projection. */
  sale: SaleContent;
  /** Content hash of the sale as sent (before filling). */
  hash: string;
  /** Some line has no IKPU, even from the projection (flag `MISSING_IKPU`). */
  missingIkpu: boolean;
}

/** What storing a batch needs to judge its sales (see sale-review.ts). */
export interface SaleReview {
  /** The signed-in staff member (lower-case), who is the cashier of a sale that names none. */
  signedIn: string | null;
  callerPermissions: readonly string[];
  /** The batch's read of the catalog projection. */
  products: ReadonlyMap<string, ProductFacts>;
}

/** The discount authority of a batch: the caller's token, and the projection for other cashiers. */
async function discountAuthority(m: EntityManager, review: SaleReview, candidates: Candidate[]) {
  const others = new Set<string>();
  for (const { sale } of candidates) {
    const cashier = sale.cashierId ?? review.signedIn;
    if (cashier && cashier !== review.signedIn && isDiscounted(sale)) others.add(cashier);
  }
  const authority: DiscountAuthority = {
    caller: review.signedIn,
    callerPermissions: review.callerPermissions,
    holders: await readDiscountHolders(m, [...others]),
  };
  return authority;
}

interface ShiftSpan {
  id: string;
  openedAt: Date;
  closedAt: Date | null;
}

/** A candidate with what storing decided for it: its shift, cashier and flags. */
interface PlacedSale {
  /** The batch of the group it came with (its outcomes map). */
  batch: number;
  scope: TerminalScope;
  candidate: Candidate;
  shiftId: string | null;
  cashierId: string | null;
  flags: SaleFlag[];
}

type StoreOutcomes = Map<number, Omit<SyncSaleOutcome, 'id'>>;

/** One terminal's valid sales, as one `syncSales` call brought them (see sync-group.ts). */
export interface StoreBatch {
  scope: TerminalScope;
  review: SaleReview;
  candidates: Candidate[];
}

/**
 * Stores the candidates inside one tenant transaction and returns an outcome per input index.
 * Shift assignment and flags are decided here, against the shifts stored when the sale arrives.
 */
export async function storeSales(
  m: EntityManager,
  tenantId: string,
  scope: TerminalScope,
  review: SaleReview,
  candidates: Candidate[],
): Promise<StoreOutcomes> {
  const [outcomes] = await storeGroup(m, tenantId, [{ scope, review, candidates }]);
  return outcomes!;
}

/**
 * Stores several batches of one tenant (from any terminals) inside one tenant transaction, with
 * one set-based statement each for sales, lines, payments and events, and returns one outcome map
 * per batch (by input index). Each batch keeps its own shift placement and review (its caller's
 * identity); an id sent in two batches of the group is inserted once, the other is classified
 * against the stored row as across transactions (DUPLICATE or CONFLICT).
 */
export async function storeGroup(
  m: EntityManager,
  tenantId: string,
  batches: readonly StoreBatch[],
): Promise<StoreOutcomes[]> {
  const outcomes: StoreOutcomes[] = batches.map(() => new Map());
  const future = Date.now() + FUTURE_TOLERANCE_MS;
  const placed: PlacedSale[] = [];
  for (const [batch, { scope, review, candidates }] of batches.entries()) {
    const authority = await discountAuthority(m, review, candidates);
    const shifts = await shiftsAround(m, tenantId, scope.terminalId, candidates);
    for (const candidate of candidates) {
      const sale = placeSale(candidate, shifts, future, review, authority);
      if ('code' in sale) {
        outcomes[batch]!.set(candidate.index, { status: 'REJECTED', sale: null, error: sale });
      } else placed.push({ ...sale, batch, scope });
    }
  }

  const toInsert = firstOfEachId(placed);
  const created = await insertSales(m, tenantId, toInsert);
  const fresh = toInsert.filter((p) => created.has(p.candidate.sale.id));
  for (const p of fresh) {
    outcomes[p.batch]!.set(p.candidate.index, {
      status: 'CREATED',
      sale: created.get(p.candidate.sale.id)!,
      error: null,
    });
  }
  if (fresh.length > 0) {
    await insertSaleLines(m, tenantId, fresh);
    await insertSalePayments(m, tenantId, fresh);
    await appendEvents(
      m,
      fresh.map((p) => ({
        tenantId,
        type: 'sale.created',
        aggregateId: p.candidate.sale.id,
        source: 'sales',
        payload: saleCreatedPayload(p.candidate.sale, created.get(p.candidate.sale.id)!),
      })),
    );
  }
  await classifyStored(
    m,
    tenantId,
    placed.filter((p) => !outcomes[p.batch]!.has(p.candidate.index)),
    outcomes,
  );
  return outcomes;
}

/** The terminal's shifts the candidates name, or whose span holds one of their device times, newest first. */
async function shiftsAround(
  m: EntityManager,
  tenantId: string,
  terminalId: string,
  candidates: Candidate[],
): Promise<ShiftSpan[]> {
  const times = candidates.map((c) => c.sale.createdAt.getTime());
  const given = [...new Set(candidates.flatMap((c) => (c.sale.shiftId ? [c.sale.shiftId] : [])))];
  return m.query(
    `SELECT id, opened_at AS "openedAt", closed_at AS "closedAt" FROM sales.shift
      WHERE tenant_id = $1 AND terminal_id = $2
        AND (id = ANY($3::uuid[]) OR (opened_at <= $4 AND (closed_at IS NULL OR closed_at >= $5)))
      ORDER BY opened_at DESC`,
    [
      tenantId,
      terminalId,
      given,
      new Date(Math.max(...times)).toISOString(),
      new Date(Math.min(...times)).toISOString(),
    ],
  );
}

/**
 * Decides a sale's shift (the one it names, which must exist; else the latest whose span holds
 * its device time), cashier (the POS's, else the signed-in staff) and flags (the review's
 * included). `future` is the device time (ms) beyond which the clock is flagged as ahead.
 */
function placeSale(
  candidate: Candidate,
  shifts: ShiftSpan[],
  future: number,
  review: SaleReview,
  authority: DiscountAuthority,
): Omit<PlacedSale, 'batch' | 'scope'> | SalesUserError {
  const { sale } = candidate;
  const at = sale.createdAt.getTime();
  const flags: SaleFlag[] = [];
  let shiftId: string | null = null;
  if (sale.shiftId) {
    const shift = shifts.find((s) => s.id === sale.shiftId);
    if (!shift) {
      return userError('UNKNOWN_SHIFT', 'No shift with this id was opened on this terminal', [
        ...salePath(candidate.index),
        'shiftId',
      ]);
    }
    shiftId = shift.id;
    if (shift.closedAt && at > shift.closedAt.getTime()) flags.push('AFTER_SHIFT_CLOSE');
  } else {
    // Newest first: the latest shift whose [opened_at, closed_at] holds the device time.
    const shift = shifts.find(
      (s) => s.openedAt.getTime() <= at && (s.closedAt === null || at <= s.closedAt.getTime()),
    );
    if (shift) shiftId = shift.id;
    else flags.push('NO_SHIFT');
  }
  if (at > future) flags.push('FUTURE_DEVICE_TIME');
  if (candidate.missingIkpu) flags.push('MISSING_IKPU');
  const cashierId = sale.cashierId ?? review.signedIn;
  flags.push(...reviewFlags(sale, cashierId, review.products, authority));
  return { candidate, shiftId, cashierId, flags };
}

/** The first occurrence of each id is the one offered for insertion, in id order (lock order). */
function firstOfEachId(placed: PlacedSale[]): PlacedSale[] {
  const offered = new Map<string, PlacedSale>();
  for (const p of placed) if (!offered.has(p.candidate.sale.id)) offered.set(p.candidate.sale.id, p);
  return [...offered.values()].sort((a, b) => (a.candidate.sale.id < b.candidate.sale.id ? -1 : 1));
}

/**
 * One set-based insert of the sales (a named prepared statement, as are the lines' and payments');
 * returns the rows actually inserted, by id (an id already
 * stored is left alone: ON CONFLICT DO NOTHING).
 */
async function insertSales(
  m: EntityManager,
  tenantId: string,
  toInsert: PlacedSale[],
): Promise<Map<string, SaleRow>> {
  if (toInsert.length === 0) return new Map();
  const inserted: unknown[] = await preparedQuery(
    m,
    'sales.store_sales_grouped',
    `INSERT INTO sales.sale
       (tenant_id, id, store_id, terminal_id, shift_id, cashier_id, customer_id, receipt_number, status,
        subtotal, discount, total, vat_total, content_hash, device_created_at, business_date,
        catalog_version, flags)
     SELECT $1, s.id, s.store_id, s.terminal_id, s.shift_id, s.cashier_id, s.customer_id, s.receipt_number,
            'COMPLETED', s.subtotal, s.discount, s.total, s.vat_total, s.content_hash, s.created_at,
            (s.created_at AT TIME ZONE s.time_zone)::date, s.catalog_version, s.flags::text[]
       FROM unnest($2::uuid[], $3::uuid[], $4::uuid[], $5::text[], $6::uuid[], $7::uuid[], $8::uuid[], $9::int[],
                   $10::bigint[], $11::bigint[], $12::bigint[], $13::bigint[], $14::text[], $15::timestamptz[],
                   $16::text[], $17::text[])
            AS s(id, store_id, terminal_id, time_zone, shift_id, cashier_id, customer_id, receipt_number, subtotal,
                 discount, total, vat_total, content_hash, created_at, catalog_version, flags)
      ORDER BY s.id
     ON CONFLICT (tenant_id, id) DO NOTHING
     RETURNING ${SALE_COLUMNS}`,
    [
      tenantId,
      toInsert.map((r) => r.candidate.sale.id),
      toInsert.map((r) => r.scope.storeId),
      toInsert.map((r) => r.scope.terminalId),
      toInsert.map((r) => r.scope.timeZone),
      toInsert.map((r) => r.shiftId),
      toInsert.map((r) => r.cashierId),
      toInsert.map((r) => r.candidate.sale.customerId),
      toInsert.map((r) => r.candidate.sale.receiptNumber),
      toInsert.map((r) => r.candidate.sale.subtotal.toString()),
      toInsert.map((r) => r.candidate.sale.discount.toString()),
      toInsert.map((r) => r.candidate.sale.total.toString()),
      toInsert.map((r) => r.candidate.sale.vatTotal.toString()),
      toInsert.map((r) => r.candidate.hash),
      toInsert.map((r) => r.candidate.sale.createdAt.toISOString()),
      toInsert.map((r) => r.candidate.sale.catalogVersion),
      toInsert.map((r) => `{${r.flags.join(',')}}`),
    ],
  );
  return new Map(inserted.map((raw) => toSaleRow(raw)).map((row) => [row.id, row]));
}

async function insertSaleLines(m: EntityManager, tenantId: string, fresh: PlacedSale[]): Promise<void> {
  const lines = fresh.flatMap((r) =>
    r.candidate.sale.lines.map((line) => ({ saleId: r.candidate.sale.id, line })),
  );
  await preparedQuery(
    m,
    'sales.store_sale_lines',
    `INSERT INTO sales.sale_line
       (tenant_id, sale_id, line_no, product_id, quantity, unit_price, discount, receipt_discount, total,
        vat_rate, vat_amount, name, ikpu, modifiers, package_code, owner_type, marking_codes, category_id)
     SELECT $1, l.sale_id, l.line_no, l.product_id, l.quantity, l.unit_price, l.discount, l.receipt_discount,
            l.total, l.vat_rate, l.vat_amount, l.name, l.ikpu, l.modifiers, l.package_code, l.owner_type,
            ARRAY(SELECT jsonb_array_elements_text(l.marking_codes)),
            -- The category at sale time (reports by category): the projection's, as it is now.
            (SELECT p.category_id FROM sales.product_ref p WHERE p.tenant_id = $1 AND p.id = l.product_id)
       FROM unnest($2::uuid[], $3::int[], $4::uuid[], $5::numeric[], $6::bigint[], $7::bigint[], $8::bigint[],
                   $9::bigint[], $10::smallint[], $11::bigint[], $12::text[], $13::text[], $14::jsonb[], $15::text[],
                   $16::text[], $17::jsonb[])
         AS l(sale_id, line_no, product_id, quantity, unit_price, discount, receipt_discount, total, vat_rate,
              vat_amount, name, ikpu, modifiers, package_code, owner_type, marking_codes)`,
    [
      tenantId,
      lines.map((l) => l.saleId),
      lines.map((l) => l.line.lineNo),
      lines.map((l) => l.line.productId),
      lines.map((l) => formatQuantity(l.line.quantity)),
      lines.map((l) => l.line.unitPrice.toString()),
      lines.map((l) => l.line.discount.toString()),
      lines.map((l) => l.line.receiptDiscount.toString()),
      lines.map((l) => l.line.total.toString()),
      lines.map((l) => l.line.vatRate),
      lines.map((l) => l.line.vatAmount.toString()),
      lines.map((l) => l.line.name),
      lines.map((l) => l.line.ikpu),
      lines.map((l) => JSON.stringify(l.line.modifiers)),
      lines.map((l) => l.line.packageCode),
      lines.map((l) => l.line.ownerType),
      // A line's codes as one JSON array: unnest cannot take a ragged two-dimensional array.
      lines.map((l) => JSON.stringify(l.line.markingCodes)),
    ],
  );
}

async function insertSalePayments(m: EntityManager, tenantId: string, fresh: PlacedSale[]): Promise<void> {
  const payments = fresh.flatMap((r) =>
    r.candidate.sale.payments.map((p) => ({ saleId: r.candidate.sale.id, p })),
  );
  if (payments.length === 0) return;
  await preparedQuery(
    m,
    'sales.store_sale_payments',
    `INSERT INTO sales.sale_payment
       (tenant_id, sale_id, line_no, method, amount, tendered, change, card_brand, reference)
     SELECT $1, p.*
       FROM unnest($2::uuid[], $3::int[], $4::text[], $5::bigint[], $6::bigint[], $7::bigint[], $8::text[],
                   $9::text[]) AS p`,
    [
      tenantId,
      payments.map((x) => x.saleId),
      payments.map((x) => x.p.lineNo),
      payments.map((x) => x.p.method),
      payments.map((x) => x.p.amount.toString()),
      payments.map((x) => x.p.tendered?.toString() ?? null),
      payments.map((x) => x.p.change?.toString() ?? null),
      payments.map((x) => x.p.cardBrand),
      payments.map((x) => x.p.reference),
    ],
  );
}

/**
 * Classifies the sales not inserted now: stored earlier (or a moment ago by a concurrent sender,
 * whose commit ON CONFLICT waited for — this statement's fresh snapshot sees it), or a repeat of
 * an id earlier in this batch. Same content hash → DUPLICATE, different → CONFLICT.
 */
async function classifyStored(
  m: EntityManager,
  tenantId: string,
  pending: PlacedSale[],
  outcomes: StoreOutcomes[],
): Promise<void> {
  if (pending.length === 0) return;
  const stored: unknown[] = await m.query(
    `SELECT ${SALE_COLUMNS} FROM sales.sale WHERE tenant_id = $1 AND id = ANY($2::uuid[])`,
    [tenantId, [...new Set(pending.map((r) => r.candidate.sale.id))]],
  );
  const byId = new Map(stored.map((raw) => toSaleRow(raw)).map((row) => [row.id, row]));
  for (const r of pending) {
    const row = byId.get(r.candidate.sale.id);
    if (!row) throw new Error(`sale ${r.candidate.sale.id} conflicted on insert but cannot be read back`);
    outcomes[r.batch]!.set(
      r.candidate.index,
      row.contentHash === r.candidate.hash
        ? { status: 'DUPLICATE', sale: row, error: null }
        : {
            status: 'CONFLICT',
            sale: row,
            error: userError(
              'CONTENT_MISMATCH',
              'A different sale with this id is already stored; nothing was overwritten',
              [...salePath(r.candidate.index), 'id'],
            ),
          },
    );
  }
}

/**
 * Payload of `sale.created`. Amounts and quantities are decimal strings (never JSON numbers) so
 * consumers (inventory, loyalty, fiscal) parse them exactly; what the server decided (store,
 * shift, cashier, business day) comes from the stored row.
 */
export function saleCreatedPayload(sale: SaleContent, row: SaleRow): EventPayloadInput<'sale.created'> {
  const money = (v: bigint | null) => (v == null ? null : formatMoney(v));
  return {
    saleId: sale.id,
    terminalId: sale.terminalId,
    storeId: row.storeId,
    shiftId: row.shiftId,
    cashierId: row.cashierId,
    customerId: sale.customerId,
    createdAt: sale.createdAt.toISOString(),
    businessDate: row.businessDate,
    receiptNumber: sale.receiptNumber,
    total: formatMoney(sale.total),
    subtotal: formatMoney(sale.subtotal),
    discount: formatMoney(sale.discount),
    vatTotal: formatMoney(sale.vatTotal),
    lines: sale.lines.map((l) => ({
      lineNo: l.lineNo,
      productId: l.productId,
      name: l.name,
      ikpu: l.ikpu,
      packageCode: l.packageCode,
      ownerType: l.ownerType,
      quantity: formatQuantity(l.quantity),
      unitPrice: formatMoney(l.unitPrice),
      discount: formatMoney(l.discount),
      receiptDiscount: formatMoney(l.receiptDiscount),
      total: formatMoney(l.total),
      vatRate: l.vatRate,
      vatAmount: formatMoney(l.vatAmount),
      modifiers: l.modifiers,
      ...(l.markingCodes.length > 0 ? { markingCodes: l.markingCodes } : {}),
    })),
    ...(sale.fiscal ? { fiscal: sale.fiscal } : {}),
    payments: sale.payments.map((p) => ({
      method: p.method,
      amount: formatMoney(p.amount),
      tendered: money(p.tendered),
      change: money(p.change),
      cardBrand: p.cardBrand,
      reference: p.reference,
    })),
  };
}
