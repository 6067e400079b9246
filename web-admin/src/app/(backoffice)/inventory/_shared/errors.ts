/** An inventory `UserError` code in the user's words (unknown codes are named, never hidden). */
import { type Dictionary, fill, type InventoryFormErrorCode } from '../../../../i18n/dictionaries.ts';

export function inventoryErrorText(code: string, dict: Dictionary): string {
  const known: Record<string, string> = dict.inventory.errors satisfies Record<
    InventoryFormErrorCode,
    string
  >;
  return known[code] ?? fill(dict.inventory.unknownError, { code });
}
