import { describe, expect, it } from 'vitest';
import { targetRow } from './row-navigation.ts';

describe('targetRow', () => {
  it('moves by one, by a screen, and to either end, inside the list', () => {
    expect(targetRow('ArrowDown', 0, 100_000, 9)).toBe(1);
    expect(targetRow('ArrowUp', 0, 100_000, 9)).toBe(0);
    expect(targetRow('PageDown', 1, 100_000, 9)).toBe(10);
    expect(targetRow('PageDown', 99_995, 100_000, 9)).toBe(99_999);
    expect(targetRow('PageUp', 4, 100_000, 9)).toBe(0);
    expect(targetRow('Home', 500, 100_000, 9)).toBe(0);
    expect(targetRow('End', 0, 100_000, 9)).toBe(99_999);
  });

  it('ignores other keys and empty lists', () => {
    expect(targetRow('a', 3, 10, 5)).toBeNull();
    expect(targetRow('ArrowDown', 0, 0, 5)).toBeNull();
  });
});
