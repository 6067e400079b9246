/**
 * Phones: normalised to E.164 on the way in, masked on the way out for callers who may not see
 * them in full (see `Customer` in schema/customers.graphql for who sees what).
 */

/**
 * Normalises an Uzbek phone to E.164 (+998XXXXXXXXX). Accepts "+998 90 123-45-67",
 * "998901234567", "90 123 45 67", "8 90 123 45 67". Returns null when it is not a phone.
 */
export function normalisePhone(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[\s\-().]/g, '');
  if (!/^\+?\d+$/.test(digits)) return null;
  const bare = digits.replace(/^\+/, '');
  if (digits.startsWith('+')) return /^\d{8,15}$/.test(bare) ? `+${bare}` : null;
  if (/^998\d{9}$/.test(bare)) return `+${bare}`;
  if (/^\d{9}$/.test(bare)) return `+998${bare}`;
  if (/^8\d{9}$/.test(bare)) return `+998${bare.slice(1)}`;
  return null;
}

/**
 * Masks a stored E.164 phone: `+998901234567` → `+998 90 *** ** 67` (operator code and the last
 * two digits stay, enough to tell two customers apart at the till). Other countries keep the
 * first three and the last two digits.
 */
export function maskPhone(phone: string): string {
  const uz = /^\+998(\d{2})\d{5}(\d{2})$/.exec(phone);
  if (uz) return `+998 ${uz[1]} *** ** ${uz[2]}`;
  const digits = phone.replace(/^\+/, '');
  if (digits.length <= 5) return '+'.padEnd(digits.length + 1, '*');
  return `+${digits.slice(0, 3)}${'*'.repeat(digits.length - 5)}${digits.slice(-2)}`;
}

/**
 * The digits of a phone search, or null when the text is not a phone fragment (letters, or
 * fewer than 2 digits). Spaces, `+`, `-`, brackets and dots are ignored.
 */
export function phoneSearchDigits(search: string): string | null {
  const compact = search.replace(/[\s+\-().]/g, '');
  return /^\d{2,15}$/.test(compact) ? compact : null;
}
