/**
 * Who sent or received a transfer, for people: the staff member's name (resolved by identity
 * through the gateway), "API key" for an integration, and a clear "unknown staff member" for a
 * staff id identity no longer knows — never the raw `staff:<id>` actor the ledger stores.
 */
export function transferActor(
  actor: string | null | undefined,
  staff: { name: string } | null | undefined,
  t: { unknownStaff: string; apiKey: string },
): string {
  if (staff) return staff.name;
  if (!actor) return '—';
  return actor.startsWith('apikey:') ? t.apiKey : t.unknownStaff;
}
