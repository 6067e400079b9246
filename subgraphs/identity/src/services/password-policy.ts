/**
 * What a new password must satisfy (NIST SP 800-63B §5.1.1.2): a length range and a blocklist,
 * no composition rules. Length counts Unicode code points, so a passphrase in Cyrillic or with
 * emoji is measured as a person would count it.
 */
import { readFileSync } from 'node:fs';
import type { UserError } from '@jowi/server-kit';
import { userError } from '../errors/index.ts';

export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 256;

/** The shipped blocklist, lower-cased. */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  readFileSync(new URL('./common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((line) => line.trim().toLowerCase())
    .filter((line) => line && !line.startsWith('#')),
);

/** An email local part shorter than this is too generic to forbid inside a password. */
const MIN_LOCAL_PART = 3;

/**
 * The reasons `password` cannot be set for the person with `email` (empty when it can):
 * `PASSWORD_TOO_SHORT`, `PASSWORD_TOO_LONG`, `PASSWORD_TOO_COMMON`, `PASSWORD_CONTAINS_EMAIL`.
 */
export function checkPasswordPolicy(
  password: string,
  email: string | null,
  field: string[] = ['input', 'newPassword'],
): UserError[] {
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return [userError('PASSWORD_TOO_SHORT', `Use at least ${PASSWORD_MIN_LENGTH} characters`, field)];
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return [userError('PASSWORD_TOO_LONG', `Use at most ${PASSWORD_MAX_LENGTH} characters`, field)];
  }
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) {
    return [userError('PASSWORD_TOO_COMMON', 'This password is too common; choose another', field)];
  }
  const local = email?.split('@')[0]?.toLowerCase() ?? '';
  if (local.length >= MIN_LOCAL_PART && lower.includes(local)) {
    return [userError('PASSWORD_CONTAINS_EMAIL', 'The password must not contain your email name', field)];
  }
  return [];
}
