/**
 * Input checks the stock documents (receipts, transfers, stock-takes, write-offs, corrections)
 * share, each problem a typed user error with the path of the field at fault: ids, notes and
 * document lines.
 */
import { isUuid } from '@jowi/server-kit';
import { type InventoryUserError, invalidId, userError } from '../errors/index.ts';

export const MAX_LINES = 500;
const MAX_NOTE = 1000;

export interface QuantityLine {
  productId: string;
  /** Thousandths. */
  quantity: bigint;
}

/** An id that must be a UUID when given (`INVALID_ID` otherwise). */
export function validateId(id: string | null | undefined, field = 'id'): InventoryUserError[] {
  return id == null || isUuid(id) ? [] : [invalidId(['input', field])];
}

export function validateNote(
  note: string | null | undefined,
  field = 'note',
  required = false,
): InventoryUserError[] {
  if (note == null || note.trim() === '') {
    return required ? [userError('INVALID_NOTE', `${field} is required`, ['input', field])] : [];
  }
  if (note.length > MAX_NOTE) {
    return [userError('INVALID_NOTE', `${field} is at most ${MAX_NOTE} characters`, ['input', field])];
  }
  return [];
}

/**
 * Lines of a document: at least one (unless `allowEmpty`), at most {@link MAX_LINES}, product
 * ids that are UUIDs, each product once, quantities positive (or ≥ 0 with `allowZero`).
 */
export function validateLines(
  lines: readonly QuantityLine[],
  options: { field?: string; allowZero?: boolean; allowEmpty?: boolean } = {},
): InventoryUserError[] {
  const field = options.field ?? 'lines';
  const errors: InventoryUserError[] = [];
  if (lines.length === 0 && !options.allowEmpty) {
    errors.push(userError('INVALID_LINES', 'At least one line is required', ['input', field]));
  }
  if (lines.length > MAX_LINES) {
    errors.push(userError('INVALID_LINES', `At most ${MAX_LINES} lines`, ['input', field]));
    return errors;
  }
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const at = ['input', field, String(i)];
    if (!isUuid(line.productId)) {
      errors.push(invalidId([...at, 'productId']));
    } else if (seen.has(line.productId)) {
      errors.push(userError('DUPLICATE_PRODUCT', 'Each product may appear once', [...at, 'productId']));
    }
    seen.add(line.productId);
    if (line.quantity < 0n || (line.quantity === 0n && !options.allowZero)) {
      errors.push(
        userError(
          'INVALID_QUANTITY',
          options.allowZero ? 'Quantity must be zero or more' : 'Quantity must be positive',
          [...at, 'quantity'],
        ),
      );
    }
  });
  return errors;
}
