/**
 * Filling a sale's missing snapshots from sales' catalog projection (issue 13 §1).
 *
 * An integrator may sync lines of only `productId`, `quantity` and `unitPrice` (ARCHITECTURE §5);
 * the receipt still needs the product's name, IKPU, package code, owner type and VAT rate. At
 * ingestion each snapshot a line left out is taken from the projection as it is then; what the
 * sender did send always wins. This runs after the content hash was taken, so the hash covers
 * only what was sent and a resend stays DUPLICATE whatever the catalog did in between.
 *
 * The VAT rate is the one amount-bearing fact: a line sent without one gets the product's rate,
 * and its VAT is computed again with the receipt rule (`includedVat` of the line's net). A line
 * whose product the projection does not know keeps the standard rate the validation assumed.
 */
import { FISCAL_FIELDS, includedVat } from '@jowi/receipt';
import type { SaleInput } from '../__generated__/resolvers-types.ts';
import type { ProductFacts } from './catalog.ts';
import { MAX_NAME, type SaleContent, type SaleLineContent } from './sale-content.ts';

/** The sale with what its lines left out filled from `products`, and the lines still without IKPU. */
export interface FilledSale {
  sale: SaleContent;
  /** Line numbers that have no IKPU even now (product unknown to the projection, or known without one). */
  withoutIkpu: number[];
}

/**
 * Fills each line's missing name, IKPU, package code, owner type and VAT rate from `products`
 * (keyed by lower-case product id). `input` is the sale as sent: it tells a VAT rate that was
 * sent from one the validation assumed. Pure; returns a new sale.
 */
export function fillSnapshots(
  input: Pick<SaleInput, 'lines'>,
  sale: SaleContent,
  products: ReadonlyMap<string, ProductFacts>,
): FilledSale {
  const withoutIkpu: number[] = [];
  const lines = sale.lines.map((line, index) => {
    const filled = fillLine(line, input.lines[index]?.vatRate != null, products.get(line.productId));
    if (filled.ikpu === null) withoutIkpu.push(filled.lineNo);
    return filled;
  });
  const changed = lines.some((line, index) => line !== sale.lines[index]);
  if (!changed) return { sale, withoutIkpu };
  return {
    sale: { ...sale, lines, vatTotal: lines.reduce((sum, line) => sum + line.vatAmount, 0n) },
    withoutIkpu,
  };
}

function fillLine(
  line: SaleLineContent,
  vatRateSent: boolean,
  product: ProductFacts | undefined,
): SaleLineContent {
  if (!product) return line;
  const name = line.name ?? (product.name?.trim().slice(0, MAX_NAME) || null);
  // Only facts the fiscal module accepts (the fiscal field rules; a sale line's CHECK is the same).
  const ikpu = line.ikpu ?? (FISCAL_FIELDS.ikpu.test(product.ikpu) ? product.ikpu : null);
  const packageCode =
    line.packageCode ?? (FISCAL_FIELDS.packageCode.test(product.packageCode) ? product.packageCode : null);
  const ownerType = line.ownerType ?? product.ownerType;
  const vatRate = vatRateSent || product.vatRate === null ? line.vatRate : product.vatRate;
  if (
    name === line.name &&
    ikpu === line.ikpu &&
    packageCode === line.packageCode &&
    ownerType === line.ownerType &&
    vatRate === line.vatRate
  ) {
    return line;
  }
  return {
    ...line,
    name,
    ikpu,
    packageCode,
    ownerType,
    vatRate,
    vatAmount: vatRate === line.vatRate ? line.vatAmount : includedVat(line.total, vatRate),
  };
}
