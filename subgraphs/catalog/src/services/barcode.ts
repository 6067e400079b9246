/**
 * Barcode rules. Codes a scanner reads from retail goods (EAN-13, EAN-8) carry a GS1 check
 * digit: a wrong one is a typo, and accepting it would make the product unscannable. Anything
 * else — shorter or longer digit strings, letters, shop-internal codes — is accepted as an
 * internal code, as long as it is printable ASCII without spaces (what a scanner can emit).
 */

const PRINTABLE = /^[!-~]{1,64}$/;

/** Whether the last digit of a GS1 code (EAN-8, UPC-A, EAN-13, GTIN-14) matches the others. */
export function gs1CheckDigitOk(code: string): boolean {
  if (!/^\d{8,14}$/.test(code)) return false;
  const digits = [...code].map(Number);
  const check = digits.pop()!;
  // Weights run 3,1,3,1… from the digit next to the check digit, whatever the length.
  const sum = digits.reverse().reduce((acc, d, i) => acc + d * (i % 2 === 0 ? 3 : 1), 0);
  return (10 - (sum % 10)) % 10 === check;
}

export type BarcodeVerdict = 'ok' | 'bad_check_digit' | 'bad_format';

/** Classifies a (trimmed) barcode for `createProduct`. */
export function checkBarcode(code: string): BarcodeVerdict {
  if (!PRINTABLE.test(code)) return 'bad_format';
  if (/^\d+$/.test(code) && (code.length === 13 || code.length === 8)) {
    return gs1CheckDigitOk(code) ? 'ok' : 'bad_check_digit';
  }
  return 'ok';
}
