import { describe, expect, it } from 'vitest';
import { DATE_RANGE_PRESETS, dateRange, dayIn, presetRange, zonedInstant } from './date-range.ts';

const TASHKENT = 'Asia/Tashkent';
/** 01:30 on Monday 7 December 2026 in Tashkent, still Sunday the 6th in UTC. */
const NOW = new Date('2026-12-06T20:30:00Z');

describe('date ranges in a time zone', () => {
  it('reads today from the store clock, not from UTC', () => {
    expect(dayIn(NOW, TASHKENT)).toBe('2026-12-07');
    expect(dayIn(NOW, 'UTC')).toBe('2026-12-06');
  });

  it('gives each preset as inclusive business days and half-open UTC instants', () => {
    const ranges = Object.fromEntries(
      DATE_RANGE_PRESETS.map((p) => {
        const r = presetRange(p, TASHKENT, NOW);
        return [p, [r.from, r.to, r.start, r.end]];
      }),
    );
    expect(ranges).toEqual({
      today: ['2026-12-07', '2026-12-07', '2026-12-06T19:00:00.000Z', '2026-12-07T19:00:00.000Z'],
      yesterday: ['2026-12-06', '2026-12-06', '2026-12-05T19:00:00.000Z', '2026-12-06T19:00:00.000Z'],
      last7Days: ['2026-12-01', '2026-12-07', '2026-11-30T19:00:00.000Z', '2026-12-07T19:00:00.000Z'],
      last30Days: ['2026-11-08', '2026-12-07', '2026-11-07T19:00:00.000Z', '2026-12-07T19:00:00.000Z'],
      thisWeek: ['2026-12-07', '2026-12-07', '2026-12-06T19:00:00.000Z', '2026-12-07T19:00:00.000Z'],
      lastWeek: ['2026-11-30', '2026-12-06', '2026-11-29T19:00:00.000Z', '2026-12-06T19:00:00.000Z'],
      thisMonth: ['2026-12-01', '2026-12-07', '2026-11-30T19:00:00.000Z', '2026-12-07T19:00:00.000Z'],
      lastMonth: ['2026-11-01', '2026-11-30', '2026-10-31T19:00:00.000Z', '2026-11-30T19:00:00.000Z'],
    });
  });

  it('starts weeks on Monday and crosses year ends', () => {
    const sunday = new Date('2027-01-03T10:00:00Z');
    expect(presetRange('thisWeek', TASHKENT, sunday)).toMatchObject({ from: '2026-12-28', to: '2027-01-03' });
    expect(presetRange('lastMonth', TASHKENT, sunday)).toMatchObject({
      from: '2026-12-01',
      to: '2026-12-31',
    });
  });

  it('follows daylight saving where a zone has it (a 23-hour day)', () => {
    const r = dateRange('2026-03-08', '2026-03-08', 'America/New_York');
    expect([r.start, r.end]).toEqual(['2026-03-08T05:00:00.000Z', '2026-03-09T04:00:00.000Z']);
  });

  it('orders a reversed custom range and marks it custom', () => {
    expect(dateRange('2026-12-05', '2026-12-03', TASHKENT)).toEqual({
      from: '2026-12-03',
      to: '2026-12-05',
      start: '2026-12-02T19:00:00.000Z',
      end: '2026-12-05T19:00:00.000Z',
      timeZone: TASHKENT,
      preset: null,
    });
  });
});

describe('zonedInstant', () => {
  it('reads a datetime-local value on the store clock, daylight saving included', () => {
    expect(zonedInstant('2026-12-07T09:30', TASHKENT)).toBe('2026-12-07T04:30:00.000Z');
    expect(zonedInstant('2026-03-07T12:00', 'America/New_York')).toBe('2026-03-07T17:00:00.000Z');
    expect(zonedInstant('2026-03-09T12:00', 'America/New_York')).toBe('2026-03-09T16:00:00.000Z');
  });

  it('refuses what is not a whole reading', () => {
    expect(zonedInstant('', TASHKENT)).toBeNull();
    expect(zonedInstant('2026-12-07', TASHKENT)).toBeNull();
    expect(zonedInstant('2026-12-07T9:30', TASHKENT)).toBeNull();
  });
});
