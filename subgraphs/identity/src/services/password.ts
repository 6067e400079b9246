/**
 * Password and PIN hashing with argon2id (OWASP's baseline: 19 MiB, 2 passes, 1 lane).
 * `verifySecret` never throws on a malformed stored hash: a broken row is a failed sign-in,
 * not a 500 that would tell an attacker the account exists.
 */
import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';

// `Algorithm` is an ambient const enum, which isolatedModules cannot inline; 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19456,
  timeCost: 2,
  parallelism: 1,
} as const;

/** Hashes a password or PIN as an argon2id PHC string. */
export function hashSecret(secret: string): Promise<string> {
  return hash(secret, ARGON2_OPTIONS);
}

/** Whether `secret` matches `storedHash`; false for a malformed hash. */
export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(storedHash, secret);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | null = null;

/**
 * Spends the same time as a real verification, for sign-ins that fail before there is a hash
 * to check (unknown email, disabled account), so response time does not reveal which emails exist.
 */
export async function verifyDummy(secret: string): Promise<false> {
  dummyHash ??= hashSecret(randomBytes(32).toString('base64url'));
  await verifySecret(await dummyHash, secret);
  return false;
}
