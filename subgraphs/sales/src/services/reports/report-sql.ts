/**
 * The sales reports (issue 18): by day, by product, by category (the category at sale time), by
 * cashier, by payment method, and VAT by rate — one SQL statement each, shared by the GraphQL
 * fields (`Query.salesReport`) and the CSV/XLSX export (report-export.ts), so a download always
 * equals what the page shows.
 *
 * Every statement takes ($1 tenant, $2 store ids, $3 first day, $4 last day) and counts like
 * `salesSummary`: sales by their business day, refunds by the business day they were made (a
 * refund today of last month's sale lowers today's net). Amounts come out as integer tiyin and
 * quantities as integer thousandths, both as text (bigint never passes through a JS number).
 * Each statement is an index range scan on (tenant_id, store_id, business_date) and yields a
 * handful of rows per day, product, category, cashier, method or rate — except by product, which
 * can yield every product sold: the export streams it through a cursor.
 */

/** The scope every report statement is run with. */
export type ReportParams = [tenantId: string, storeIds: string[], from: string, to: string];

const RANGE = `s AS (
     SELECT x.id, x.total, x.vat_total, x.business_date, x.cashier_id,
            -- Line discounts and the receipt discount (which the lines share as receipt_discount).
            x.discount + coalesce((SELECT sum(l.discount) FROM sales.sale_line l
                                    WHERE l.tenant_id = $1 AND l.sale_id = x.id), 0) AS discount
       FROM sales.sale x
      WHERE x.tenant_id = $1 AND x.store_id = ANY($2::uuid[]) AND x.business_date BETWEEN $3::date AND $4::date
   ), r AS (
     SELECT id, sale_id, total, vat_total, business_date, cashier_id FROM sales.refund
      WHERE tenant_id = $1 AND store_id = ANY($2::uuid[]) AND business_date BETWEEN $3::date AND $4::date
   )`;

/** Refund lines of the range with the sale line they return (its category and VAT rate). */
const REFUND_LINES = `rl AS (
     SELECT x.product_id, x.quantity, x.amount, x.vat_amount, x.refund_id, sl.category_id, sl.vat_rate
       FROM r JOIN sales.refund_line x ON x.tenant_id = $1 AND x.refund_id = r.id
       JOIN sales.sale_line sl ON sl.tenant_id = $1 AND sl.sale_id = r.sale_id AND sl.line_no = x.sale_line_no
   )`;

/** Sale lines of the range. */
const SALE_LINES = `sl AS (
     SELECT l.product_id, l.name, l.quantity, l.total, l.discount + l.receipt_discount AS discount,
            l.vat_amount, l.vat_rate, l.category_id, l.sale_id
       FROM s JOIN sales.sale_line l ON l.tenant_id = $1 AND l.sale_id = s.id
   )`;

/** Every business day of the range (days without sales included): date, figures. */
export const BY_DAY_SQL = `WITH ${RANGE},
   sold AS (SELECT business_date AS day, count(*) AS receipts, sum(total) AS revenue,
                   sum(discount) AS discounts, sum(vat_total) AS vat FROM s GROUP BY 1),
   back AS (SELECT business_date AS day, sum(total) AS refunds, sum(vat_total) AS vat FROM r GROUP BY 1)
   SELECT d.day::date::text AS "date", coalesce(sold.receipts, 0)::int AS receipts,
          coalesce(sold.revenue, 0)::text AS revenue, coalesce(sold.discounts, 0)::text AS discounts,
          coalesce(back.refunds, 0)::text AS refunds,
          (coalesce(sold.revenue, 0) - coalesce(back.refunds, 0))::text AS net,
          (coalesce(sold.vat, 0) - coalesce(back.vat, 0))::text AS vat
     FROM generate_series($3::date, $4::date, interval '1 day') AS d(day)
     LEFT JOIN sold ON sold.day = d.day::date
     LEFT JOIN back ON back.day = d.day::date
    ORDER BY d.day`;

/**
 * Per product sold or refunded in the range, highest revenue first: quantities in thousandths,
 * the name on the latest receipt (else the catalog projection's).
 */
export const BY_PRODUCT_SQL = `WITH ${RANGE}, ${SALE_LINES}, ${REFUND_LINES},
   sold AS (SELECT product_id, max(name) AS name, sum(quantity) AS quantity, count(DISTINCT sale_id) AS receipts,
                   sum(total) AS revenue, sum(discount) AS discounts, sum(vat_amount) AS vat
              FROM sl GROUP BY 1),
   back AS (SELECT product_id, sum(quantity) AS quantity, sum(amount) AS refunds, sum(vat_amount) AS vat
              FROM rl GROUP BY 1)
   SELECT p.id::text AS "productId", coalesce(sold.name, ref.name, '') AS name,
          (coalesce(sold.quantity, 0) * 1000)::bigint::text AS quantity,
          (coalesce(back.quantity, 0) * 1000)::bigint::text AS "refundedQuantity",
          coalesce(sold.receipts, 0)::int AS receipts, coalesce(sold.revenue, 0)::text AS revenue,
          coalesce(sold.discounts, 0)::text AS discounts, coalesce(back.refunds, 0)::text AS refunds,
          (coalesce(sold.revenue, 0) - coalesce(back.refunds, 0))::text AS net,
          (coalesce(sold.vat, 0) - coalesce(back.vat, 0))::text AS vat
     FROM (SELECT product_id AS id FROM sold UNION SELECT product_id FROM back) p
     LEFT JOIN sold ON sold.product_id = p.id
     LEFT JOIN back ON back.product_id = p.id
     LEFT JOIN sales.product_ref ref ON ref.tenant_id = $1 AND ref.id = p.id
    ORDER BY coalesce(sold.revenue, 0) DESC, p.id`;

/** Per category at sale time (null: uncategorised), highest revenue first. */
export const BY_CATEGORY_SQL = `WITH ${RANGE}, ${SALE_LINES}, ${REFUND_LINES},
   sold AS (SELECT category_id, sum(quantity) AS quantity, count(DISTINCT sale_id) AS receipts,
                   sum(total) AS revenue, sum(discount) AS discounts, sum(vat_amount) AS vat
              FROM sl GROUP BY 1),
   back AS (SELECT category_id, sum(amount) AS refunds, sum(vat_amount) AS vat FROM rl GROUP BY 1)
   SELECT c.id::text AS "categoryId", (coalesce(sold.quantity, 0) * 1000)::bigint::text AS quantity,
          coalesce(sold.receipts, 0)::int AS receipts, coalesce(sold.revenue, 0)::text AS revenue,
          coalesce(sold.discounts, 0)::text AS discounts, coalesce(back.refunds, 0)::text AS refunds,
          (coalesce(sold.revenue, 0) - coalesce(back.refunds, 0))::text AS net,
          (coalesce(sold.vat, 0) - coalesce(back.vat, 0))::text AS vat
     FROM (SELECT category_id AS id FROM sold UNION SELECT category_id FROM back) c
     LEFT JOIN sold ON sold.category_id IS NOT DISTINCT FROM c.id
     LEFT JOIN back ON back.category_id IS NOT DISTINCT FROM c.id
    ORDER BY coalesce(sold.revenue, 0) DESC, c.id NULLS LAST`;

/** Per cashier (null: a sale without one), highest revenue first; average check half-up. */
export const BY_CASHIER_SQL = `WITH ${RANGE},
   sold AS (SELECT cashier_id, count(*) AS receipts, sum(total) AS revenue, sum(discount) AS discounts
              FROM s GROUP BY 1),
   back AS (SELECT cashier_id, count(*) AS refund_count, sum(total) AS refunds FROM r GROUP BY 1)
   SELECT c.id::text AS "cashierId", coalesce(sold.receipts, 0)::int AS receipts,
          coalesce(sold.revenue, 0)::text AS revenue, coalesce(sold.discounts, 0)::text AS discounts,
          coalesce(back.refund_count, 0)::int AS "refundCount", coalesce(back.refunds, 0)::text AS refunds,
          (coalesce(sold.revenue, 0) - coalesce(back.refunds, 0))::text AS net,
          CASE WHEN coalesce(sold.receipts, 0) = 0 THEN '0'
               ELSE div(sold.revenue * 2 + sold.receipts, sold.receipts * 2)::text END AS "averageCheck"
     FROM (SELECT cashier_id AS id FROM sold UNION SELECT cashier_id FROM back) c
     LEFT JOIN sold ON sold.cashier_id IS NOT DISTINCT FROM c.id
     LEFT JOIN back ON back.cashier_id IS NOT DISTINCT FROM c.id
    ORDER BY coalesce(sold.revenue, 0) DESC, c.id NULLS LAST`;

/** Per payment method used, in the `PaymentMethod` enum's order. */
export const BY_PAYMENT_METHOD_SQL = `WITH ${RANGE},
   sold AS (SELECT p.method, count(DISTINCT p.sale_id) AS n, sum(p.amount) AS amount
              FROM s JOIN sales.sale_payment p ON p.tenant_id = $1 AND p.sale_id = s.id GROUP BY 1),
   back AS (SELECT p.method, sum(p.amount) AS amount
              FROM r JOIN sales.refund_payment p ON p.tenant_id = $1 AND p.refund_id = r.id GROUP BY 1)
   SELECT m.method, coalesce(sold.n, 0)::int AS count, coalesce(sold.amount, 0)::text AS sales,
          coalesce(back.amount, 0)::text AS refunds,
          (coalesce(sold.amount, 0) - coalesce(back.amount, 0))::text AS net
     FROM (SELECT method FROM sold UNION SELECT method FROM back) m
     LEFT JOIN sold ON sold.method = m.method
     LEFT JOIN back ON back.method = m.method
    ORDER BY array_position(ARRAY['CASH','CARD','PAYME','CLICK','UZUM','LOYALTY'], m.method)`;

/**
 * Per VAT rate (percent; null: a line stored without one): gross amounts (VAT included) and VAT
 * of sales and of refunds (at the returned line's rate), their net, and the net without VAT.
 */
export const VAT_SQL = `WITH ${RANGE}, ${SALE_LINES}, ${REFUND_LINES},
   sold AS (SELECT vat_rate, sum(total) AS gross, sum(vat_amount) AS vat FROM sl GROUP BY 1),
   back AS (SELECT vat_rate, sum(amount) AS gross, sum(vat_amount) AS vat FROM rl GROUP BY 1)
   SELECT v.rate::int AS "vatRate", coalesce(sold.gross, 0)::text AS sales, coalesce(sold.vat, 0)::text AS "salesVat",
          coalesce(back.gross, 0)::text AS refunds, coalesce(back.vat, 0)::text AS "refundsVat",
          (coalesce(sold.gross, 0) - coalesce(back.gross, 0))::text AS net,
          (coalesce(sold.vat, 0) - coalesce(back.vat, 0))::text AS "netVat",
          (coalesce(sold.gross, 0) - coalesce(back.gross, 0) - coalesce(sold.vat, 0) + coalesce(back.vat, 0))::text
            AS "netWithoutVat"
     FROM (SELECT vat_rate AS rate FROM sold UNION SELECT vat_rate FROM back) v
     LEFT JOIN sold ON sold.vat_rate IS NOT DISTINCT FROM v.rate
     LEFT JOIN back ON back.vat_rate IS NOT DISTINCT FROM v.rate
    ORDER BY v.rate DESC NULLS LAST`;
