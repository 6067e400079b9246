import { type ClassValue, clsx } from 'clsx';

/**
 * Joins class names, skipping falsy values (a thin wrapper over `clsx`).
 *
 * Classes are concatenated, not merged: a caller's `className` is appended after the
 * component's own classes, so prefer adding classes over overriding conflicting ones.
 */
export function cn(...inputs: ClassValue[]): string {
  return clsx(inputs);
}
