/** The total of a goods receipt as it is typed, counted like the server counts it. */
import { moneyTimesQuantity, parseMoney, parseQuantity } from '@jowi/receipt';

/** Sum of quantity × unit cost over complete lines, each rounded half up to the tiyin; bigint tiyin. */
export function receiptTotal(lines: readonly { quantity: string | null; unitCost: string | null }[]): bigint {
  let total = 0n;
  for (const line of lines) {
    if (line.quantity && line.unitCost)
      total += moneyTimesQuantity(parseMoney(line.unitCost), parseQuantity(line.quantity));
  }
  return total;
}
