/**
 * Normalises an Uzbek mobile number to E.164 (`+998XXXXXXXXX`): "+998 90 123-45-67",
 * "998901234567", "90 123 45 67" and "8 90 123 45 67" all become `+998901234567`; null otherwise.
 * Shared by the host (customers registered at the till) and the renderer (the phone field).
 */
export function normaliseUzPhone(input: string): string | null {
  const digits = input.trim().replace(/[\s\-().]/g, '');
  const match = /^(?:\+?998|8)?(\d{9})$/.exec(digits);
  return match ? `+998${match[1]}` : null;
}
