import { describe, expect, it } from 'vitest';
import { addMarkingCode, readMarkingCode, validGtin } from './marking-code.ts';

const GS = String.fromCharCode(0x1d);
// GTIN 04780069000130 (check digit 0) + serial; the crypto tail after GS is not part of the label.
const CODE = '010478006900013021sN7kQ2x';

describe('marking codes', () => {
  it('checks GS1 check digits', () => {
    expect(validGtin('04780069000130')).toBe(true);
    expect(validGtin('04780069000131')).toBe(false);
    expect(validGtin('4006381333931')).toBe(true);
  });

  it('keeps the product code and serial, dropping the crypto tail after the separator', () => {
    expect(readMarkingCode(`${CODE}${GS}93dGVz`)).toEqual({ ok: true, code: CODE });
    expect(readMarkingCode(`${CODE}\\x1d93dGVz`)).toEqual({ ok: true, code: CODE });
    expect(readMarkingCode(`  ${CODE}  `)).toEqual({ ok: true, code: CODE });
  });

  it('refuses empty, unprintable, too long and damaged codes', () => {
    expect(readMarkingCode('   ')).toEqual({ ok: false, problem: 'EMPTY' });
    expect(readMarkingCode('kod bo‘sh joy')).toEqual({ ok: false, problem: 'FORMAT' });
    expect(readMarkingCode('x'.repeat(64))).toEqual({ ok: false, problem: 'FORMAT' });
    expect(readMarkingCode('010478006900013121sN7kQ2x')).toEqual({ ok: false, problem: 'CHECK_DIGIT' });
  });

  it('refuses a code already on the line or elsewhere in the sale, and one unit too many', () => {
    const one = addMarkingCode([], CODE, { units: 2, taken: new Set() });
    expect(one).toEqual({ ok: true, codes: [CODE] });
    expect(addMarkingCode([CODE], CODE, { units: 2, taken: new Set() })).toEqual({
      ok: false,
      problem: 'DUPLICATE',
    });
    expect(addMarkingCode([], 'ABC-1', { units: 1, taken: new Set(['ABC-1']) })).toEqual({
      ok: false,
      problem: 'DUPLICATE',
    });
    expect(addMarkingCode(['ABC-1'], 'ABC-2', { units: 1, taken: new Set() })).toEqual({
      ok: false,
      problem: 'TOO_MANY',
    });
  });
});
