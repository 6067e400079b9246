import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { displayDate, displayDateTime, displayDayRange, displayTime, UZ_MONTHS } from './display-time.ts';

const TASHKENT = { timeZone: 'Asia/Tashkent' };

describe('displayDateTime', () => {
  it('writes Uzbek as "7-dekabr, 2026, 14:05", never the root-locale fallback "2026 M12 7"', () => {
    const text = displayDateTime('2026-12-07T09:05:00Z', 'uz', TASHKENT);
    expect(text).toBe('7-dekabr, 2026, 14:05');
    expect(text).not.toMatch(/M\d/);
  });

  it('accepts a BCP 47 tag for Uzbek as the admin passes it', () => {
    expect(displayDateTime('2026-12-07T09:05:00Z', 'uz-UZ', TASHKENT)).toBe('7-dekabr, 2026, 14:05');
    expect(displayDateTime('2026-12-07T09:05:00Z', 'uz-Latn-UZ', TASHKENT)).toBe('7-dekabr, 2026, 14:05');
  });

  it('reads the instant in the given zone, across midnight and the year end, on a 24-hour clock', () => {
    // 19:30 UTC on 31 December is 00:30 on 1 January in Tashkent (UTC+5).
    expect(displayDateTime('2026-12-31T19:30:00Z', 'uz', TASHKENT)).toBe('1-yanvar, 2027, 00:30');
    expect(displayDateTime('2026-12-31T19:30:00Z', 'uz', { timeZone: 'UTC' })).toBe('31-dekabr, 2026, 19:30');
    expect(displayDateTime(new Date('2026-06-15T13:00:00Z'), 'uz', TASHKENT)).toBe('15-iyun, 2026, 18:00');
  });

  it('keeps Intl for Russian and English', () => {
    expect(displayDateTime('2026-12-07T09:05:00Z', 'ru', TASHKENT)).toBe('07.12.2026, 14:05');
    expect(displayDateTime('2026-12-07T09:05:00Z', 'ru-RU', TASHKENT)).toBe('07.12.2026, 14:05');
    expect(displayDateTime('2026-12-07T09:05:00Z', 'en', TASHKENT)).toBe('07/12/2026, 14:05');
  });

  it('agrees with the calendar for any instant (property)', () => {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Tashkent',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    fc.assert(
      fc.property(
        fc.date({ min: new Date('2000-01-01'), max: new Date('2099-12-31'), noInvalidDate: true }),
        (d) => {
          const p = Object.fromEntries(parts.formatToParts(d).map((x) => [x.type, x.value]));
          const expected = `${Number(p.day)}-${UZ_MONTHS[Number(p.month) - 1]}, ${p.year}, ${p.hour === '24' ? '00' : p.hour}:${p.minute}`;
          expect(displayDateTime(d, 'uz', TASHKENT)).toBe(expected);
        },
      ),
    );
  });
});

describe('displayDate and displayTime', () => {
  it('names every month in Uzbek (Latin)', () => {
    const names = Array.from({ length: 12 }, (_, m) =>
      displayDate(`2026-${String(m + 1).padStart(2, '0')}-10T12:00:00Z`, 'uz', TASHKENT),
    );
    expect(names).toEqual([
      '10-yanvar, 2026',
      '10-fevral, 2026',
      '10-mart, 2026',
      '10-aprel, 2026',
      '10-may, 2026',
      '10-iyun, 2026',
      '10-iyul, 2026',
      '10-avgust, 2026',
      '10-sentabr, 2026',
      '10-oktabr, 2026',
      '10-noyabr, 2026',
      '10-dekabr, 2026',
    ]);
    expect(displayDate('2026-12-07T09:05:00Z', 'ru', TASHKENT)).toBe('07.12.2026');
  });

  it('writes times as HH:mm in every language', () => {
    for (const locale of ['uz', 'ru', 'en']) {
      expect(displayTime('2026-12-07T04:05:00Z', locale, TASHKENT)).toBe('09:05');
      expect(displayTime('2026-12-07T19:00:00Z', locale, TASHKENT)).toBe('00:00');
    }
  });
});

describe('displayDayRange', () => {
  it('writes Uzbek spans within a month, across months and across years', () => {
    expect(displayDayRange('2026-12-07', '2026-12-07', 'uz-UZ')).toBe('7-dekabr, 2026');
    expect(displayDayRange('2026-12-01', '2026-12-07', 'uz')).toBe('1–7-dekabr, 2026');
    expect(displayDayRange('2026-11-28', '2026-12-04', 'uz')).toBe('28-noyabr – 4-dekabr, 2026');
    expect(displayDayRange('2026-12-28', '2027-01-03', 'uz')).toBe('28-dekabr, 2026 – 3-yanvar, 2027');
  });

  it('keeps Intl for the others and refuses what is not a calendar day', () => {
    // ICU puts thin spaces around the dash in some versions.
    expect(displayDayRange('2026-12-01', '2026-12-07', 'en-GB')).toMatch(/^1\s?–\s?7 Dec 2026$/);
    expect(() => displayDayRange('7.12.2026', '2026-12-07', 'uz')).toThrow(RangeError);
  });
});
