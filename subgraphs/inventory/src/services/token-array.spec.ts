/** `tokenArray`: array parameters of the movement statement as literals, where that is safe. */
import { describe, expect, it } from 'vitest';
import { tokenArray } from './movement.service.ts';

describe('tokenArray', () => {
  it('joins ids, quantities and numbers into one PostgreSQL array literal, nulls as NULL', () => {
    expect(tokenArray(['0190a000-0000-7000-8000-0000000000c1', null, '-1.500'])).toBe(
      '{0190a000-0000-7000-8000-0000000000c1,NULL,-1.500}',
    );
    expect(tokenArray([1, 0, -2])).toBe('{1,0,-2}');
    expect(tokenArray([])).toBe('{}');
  });

  it('leaves anything that would need quoting to the driver, as an array', () => {
    for (const odd of ['a,b', 'a b', '{x}', '"q"', 'back\\slash', '', 'null', 'NULL']) {
      expect(tokenArray(['ok', odd])).toEqual(['ok', odd]);
    }
    expect(tokenArray([1.5])).toEqual([1.5]);
  });
});
