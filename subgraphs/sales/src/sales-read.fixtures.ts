/**
 * Read-side fixtures: stored sales and refunds written straight into the tables with admin SQL,
 * so the listing and summary specs control every column (device time to the microsecond,
 * store, cashier, status, payments) without going through `syncSales`. The business day is
 * derived exactly as ingestion derives it: the device time in the store's zone from the
 * `store_ref` projection (Asia/Tashkent when the store is unknown).
 */
import { newId } from '@jowi/server-kit';
import { postGraphQL, type TestDatabase } from '@jowi/server-kit/testing';
import { expect } from 'vitest';
import { PLOV, type SalesHarness, STORE, TENANT_A, TERMINAL } from './sales.fixtures.ts';

export interface SeedPayment {
  method: 'CASH' | 'CARD' | 'PAYME' | 'CLICK' | 'UZUM' | 'LOYALTY';
  /** Tiyin. */
  amount: bigint;
  tendered?: bigint;
  cardBrand?: 'UZCARD' | 'HUMO' | 'VISA' | 'MASTERCARD' | 'OTHER';
  reference?: string;
}

export interface SeedLine {
  productId?: string;
  /** Decimal text, e.g. '2.000'. */
  quantity?: string;
  /** Tiyin. */
  unitPrice: bigint;
  discount?: bigint;
  receiptDiscount?: bigint;
  /** Tiyin; defaults to round(quantity × unitPrice) − discounts for whole quantities. */
  total: bigint;
  vatRate?: number;
  vatAmount?: bigint;
  name?: string;
  ikpu?: string;
  modifiers?: { modifierId: string; name: string; priceDelta: string }[];
  refundedQuantity?: string;
}

export interface SeedSale {
  id?: string;
  tenantId?: string;
  storeId?: string;
  terminalId?: string;
  shiftId?: string | null;
  cashierId?: string | null;
  customerId?: string | null;
  receiptNumber?: number | null;
  status?: 'COMPLETED' | 'PARTIALLY_REFUNDED' | 'REFUNDED';
  /** Device time as PostgreSQL text, microseconds allowed: '2026-03-01T10:00:00.000123Z'. */
  at: string;
  /** Tiyin: the amount due. */
  total: bigint;
  discount?: bigint;
  vat?: bigint;
  refundedTotal?: bigint;
  flags?: string[];
  /** Defaults to one CASH payment of the total (none for a zero total). */
  payments?: SeedPayment[];
  /** Defaults to one line of PLOV worth the total before the receipt discount. */
  lines?: SeedLine[];
}

const zoneOf = `coalesce((SELECT time_zone FROM sales.store_ref WHERE tenant_id = $1 AND id = $2), 'Asia/Tashkent')`;

/** Inserts sales (with lines and payments) as they would be stored; returns their ids. */
export async function insertSales(db: TestDatabase, sales: SeedSale[]): Promise<string[]> {
  const ids: string[] = [];
  for (const sale of sales) {
    const id = sale.id ?? newId();
    const tenantId = sale.tenantId ?? TENANT_A;
    const discount = sale.discount ?? 0n;
    const vat = sale.vat ?? 0n;
    await db.admin(
      `INSERT INTO sales.sale (tenant_id, id, store_id, terminal_id, shift_id, cashier_id, customer_id,
         receipt_number, status, subtotal, discount, total, vat_total, refunded_total, content_hash,
         device_created_at, business_date, flags)
       VALUES ($1, $3, $2, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 'seeded', $15::timestamptz,
         ($15::timestamptz AT TIME ZONE ${zoneOf})::date, $16)`,
      [
        tenantId,
        sale.storeId ?? STORE,
        id,
        sale.terminalId ?? TERMINAL,
        sale.shiftId ?? null,
        sale.cashierId ?? null,
        sale.customerId ?? null,
        sale.receiptNumber ?? null,
        sale.status ?? 'COMPLETED',
        (sale.total + discount).toString(),
        discount.toString(),
        sale.total.toString(),
        vat.toString(),
        (sale.refundedTotal ?? 0n).toString(),
        sale.at,
        sale.flags ?? [],
      ],
    );
    const lines = sale.lines ?? [{ unitPrice: sale.total + discount, total: sale.total, vatAmount: vat }];
    let lineNo = 0;
    for (const line of lines) {
      await db.admin(
        `INSERT INTO sales.sale_line (tenant_id, sale_id, line_no, product_id, quantity, unit_price, discount,
           receipt_discount, total, vat_rate, vat_amount, name, ikpu, modifiers, refunded_quantity)
         VALUES ($1, $2, $3, $4, $5::numeric, $6, $7, $8, $9, $10, $11, $12, $13, $14::jsonb, $15::numeric)`,
        [
          tenantId,
          id,
          ++lineNo,
          line.productId ?? PLOV,
          line.quantity ?? '1.000',
          line.unitPrice.toString(),
          (line.discount ?? 0n).toString(),
          (line.receiptDiscount ?? 0n).toString(),
          line.total.toString(),
          line.vatRate ?? 12,
          (line.vatAmount ?? 0n).toString(),
          line.name ?? null,
          line.ikpu ?? null,
          JSON.stringify(line.modifiers ?? []),
          line.refundedQuantity ?? '0',
        ],
      );
    }
    const payments =
      sale.payments ?? (sale.total > 0n ? [{ method: 'CASH' as const, amount: sale.total }] : []);
    let paymentNo = 0;
    for (const p of payments) {
      await db.admin(
        `INSERT INTO sales.sale_payment (tenant_id, sale_id, line_no, method, amount, tendered, change, card_brand, reference)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          tenantId,
          id,
          ++paymentNo,
          p.method,
          p.amount.toString(),
          p.tendered?.toString() ?? null,
          p.tendered != null ? (p.tendered - p.amount).toString() : null,
          p.cardBrand ?? null,
          p.reference ?? null,
        ],
      );
    }
    ids.push(id);
  }
  return ids;
}

export interface SeedRefund {
  id?: string;
  saleId: string;
  tenantId?: string;
  storeId?: string;
  terminalId?: string;
  /** Device time of the refund; its business day is derived from it in the store's zone. */
  at: string;
  /** Tiyin paid back. */
  total: bigint;
  vat?: bigint;
  /** Defaults to one CASH payment of the total. */
  payments?: Omit<SeedPayment, 'tendered'>[];
}

/**
 * Inserts a refund with its payments and raises the sale's `refunded_total` (status follows),
 * as a stored refund leaves them; returns the refund id.
 */
export async function insertRefund(db: TestDatabase, refund: SeedRefund): Promise<string> {
  const id = refund.id ?? newId();
  const tenantId = refund.tenantId ?? TENANT_A;
  await db.admin(
    `INSERT INTO sales.refund (tenant_id, id, sale_id, store_id, terminal_id, total, vat_total, content_hash,
       device_created_at, business_date)
     VALUES ($1, $3, $4, $2, $5, $6, $7, 'seeded', $8::timestamptz, ($8::timestamptz AT TIME ZONE ${zoneOf})::date)`,
    [
      tenantId,
      refund.storeId ?? STORE,
      id,
      refund.saleId,
      refund.terminalId ?? TERMINAL,
      refund.total.toString(),
      (refund.vat ?? 0n).toString(),
      refund.at,
    ],
  );
  let paymentNo = 0;
  for (const p of refund.payments ?? [{ method: 'CASH' as const, amount: refund.total }]) {
    await db.admin(
      `INSERT INTO sales.refund_payment (tenant_id, refund_id, line_no, method, amount, card_brand, reference)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [tenantId, id, ++paymentNo, p.method, p.amount.toString(), p.cardBrand ?? null, p.reference ?? null],
    );
  }
  await db.admin(
    `UPDATE sales.sale SET refunded_total = refunded_total + $3,
       status = CASE WHEN refunded_total + $3 >= total THEN 'REFUNDED' ELSE 'PARTIALLY_REFUNDED' END
     WHERE tenant_id = $1 AND id = $2`,
    [tenantId, refund.saleId, refund.total.toString()],
  );
  return id;
}

/** Records a store in the directory projection with its time zone (admin SQL). */
export async function seedStore(db: TestDatabase, tenantId: string, storeId: string, timeZone: string) {
  await db.admin(
    `INSERT INTO sales.store_ref (tenant_id, id, time_zone) VALUES ($1, $2, $3)
     ON CONFLICT (tenant_id, id) DO UPDATE SET time_zone = EXCLUDED.time_zone`,
    [tenantId, storeId, timeZone],
  );
}

type Edge = { cursor: string; node: { id: string; createdAt: string; businessDate: string } };
/** A page of `sales` as {@link SALES_LIST} selects it. */
export type SalesPage = {
  sales: { edges: Edge[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
};
/** The listing query the read specs page with. */
export const SALES_LIST = `query($first: Int, $after: String, $filter: SaleFilter) {
  sales(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id createdAt businessDate } } pageInfo { hasNextPage endCursor } } }`;

/** `sales` pages of a spec's harness (`harness` is read when called: specs start it in beforeAll). */
export function salesLister(harness: () => SalesHarness) {
  async function list(
    filter: Record<string, unknown>,
    first = 250,
    after: string | null = null,
    tenant = TENANT_A,
  ) {
    const h = harness();
    return postGraphQL<SalesPage>(
      h.service.url,
      SALES_LIST,
      { first, after, filter },
      await h.headersFor(tenant),
    );
  }

  /** Every page of a listing, concatenated. */
  async function listAll(filter: Record<string, unknown>, first: number, between?: () => Promise<void>) {
    const ids: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 100; i++) {
      const res = await list(filter, first, after);
      expect(res.body.errors).toBeUndefined();
      const page = res.body.data!.sales;
      ids.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
      await between?.();
    }
    return ids;
  }
  return { list, listAll };
}
