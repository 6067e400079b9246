import { describe, expect, it } from 'vitest';
import { bpsOfPercent, percentOfBps } from './percent.ts';

describe('loyalty percents', () => {
  it('writes basis points as a percent without trailing zeros', () => {
    expect(percentOfBps(250)).toBe('2.5');
    expect(percentOfBps(1000)).toBe('10');
    expect(percentOfBps(5, ',')).toBe('0,05');
    expect(percentOfBps(0)).toBe('0');
    expect(percentOfBps(10_000)).toBe('100');
  });

  it('reads a typed percent (comma or dot) into basis points and refuses the rest', () => {
    expect(bpsOfPercent('2,5')).toBe(250);
    expect(bpsOfPercent(' 2.55 ')).toBe(255);
    expect(bpsOfPercent('100')).toBe(10_000);
    expect(bpsOfPercent('0.1')).toBe(10);
    for (const bad of ['', '100.01', '101', '-1', '2.555', 'abc', '1e2', '.5'])
      expect(bpsOfPercent(bad)).toBeNull();
  });

  it('round-trips every rate', () => {
    for (let bps = 0; bps <= 10_000; bps += 7) expect(bpsOfPercent(percentOfBps(bps, ','))).toBe(bps);
  });
});
