/**
 * What a POS PIN must satisfy. A PIN is short by nature (4–6 digits, typed on a till's numpad),
 * so the policy refuses what a bystander would try first: one digit repeated and a run up or
 * down, wrapping or not (`1234`, `9876`, `8901`). Uniqueness within the tenant is checked by the
 * staff service, since it needs the other people's hashes.
 */
import type { UserError } from '@jowi/server-kit';
import { userError } from '../errors/index.ts';

export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 6;

/** Whether every digit is the one before it plus `step` (mod 10). */
function isRun(pin: string, step: number): boolean {
  for (let i = 1; i < pin.length; i++) {
    if ((Number(pin[i - 1]) + step + 10) % 10 !== Number(pin[i])) return false;
  }
  return true;
}

/** The reason `pin` cannot be set, or null when it can. */
export function checkPinPolicy(pin: string, field: string[]): UserError | null {
  if (!new RegExp(`^[0-9]{${PIN_MIN_LENGTH},${PIN_MAX_LENGTH}}$`).test(pin)) {
    return userError('PIN_INVALID_FORMAT', `A PIN is ${PIN_MIN_LENGTH}–${PIN_MAX_LENGTH} digits`, field);
  }
  if (isRun(pin, 0) || isRun(pin, 1) || isRun(pin, -1)) {
    return userError(
      'PIN_TOO_SIMPLE',
      'Choose a PIN that is not one digit repeated or a run like 1234',
      field,
    );
  }
  return null;
}
