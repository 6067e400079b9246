import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkFiscalField,
  checkFiscalRequisites,
  type FiscalRequisites,
  fiscalQrUrl,
} from './fiscal-fields.ts';
import { formatCompactTime, formatEposTime, parseFiscalDateTime, parseFiscalTime } from './fiscal-time.ts';

/** The requisites of a real E-POS receipt (the integration guide's sample). */
const EPOS_SAMPLE: FiscalRequisites = {
  terminalId: 'UZ191211501033',
  receiptSeq: 559,
  dateTime: '20211109170634',
  fiscalSign: '336289559214',
};

const code = (field: Parameters<typeof checkFiscalField>[0], value: unknown) =>
  checkFiscalField(field, value)?.code ?? 'OK';

describe('fiscal field rules', () => {
  it('IKPU is exactly 17 digits', () => {
    expect(code('ikpu', '10202001001000000')).toBe('OK');
    for (const bad of [
      '1020200100100000',
      '102020010010000001',
      '1020200100100000a',
      ' 10202001001000000',
      '',
    ]) {
      expect(code('ikpu', bad), bad).toBe('INVALID_IKPU');
    }
  });

  it('a package code is 1 to 20 digits', () => {
    for (const good of ['1', '1500', '1502753', '1'.repeat(20)])
      expect(code('packageCode', good), good).toBe('OK');
    for (const bad of ['', '15027a', '1'.repeat(21), 'шт', '15 00']) {
      expect(code('packageCode', bad), bad).toBe('INVALID_PACKAGE_CODE');
    }
  });

  it('a taxpayer number is a TIN of 9 digits or a PINFL of 14', () => {
    expect(code('taxId', '123456789')).toBe('OK');
    expect(code('taxId', '31234567890123')).toBe('OK');
    for (const bad of ['12345678', '1234567890', '1234567890123', '123456789012345', '12345678a']) {
      expect(code('taxId', bad), bad).toBe('INVALID_TAX_ID');
    }
  });

  it('an FM id is two capital letters and 12 digits; a receipt number a positive 32-bit integer; a sign 12 digits', () => {
    for (const good of ['UZ191211501033', 'EP000000000025', 'EZ000000000102']) {
      expect(code('terminalId', good), good).toBe('OK');
    }
    for (const bad of ['uz191211501033', 'UZ19121150103', 'UZ1912115010333', 'U1191211501033']) {
      expect(code('terminalId', bad), bad).toBe('INVALID_TERMINAL_ID');
    }
    expect(code('receiptSeq', 1)).toBe('OK');
    for (const bad of [0, -5, 1.5, 2_147_483_648, '7'])
      expect(code('receiptSeq', bad), String(bad)).toBe('INVALID_RECEIPT_SEQ');
    expect(code('fiscalSign', '336289559214')).toBe('OK');
    for (const bad of ['33628955921', '33628955921a', '3362895592145']) {
      expect(code('fiscalSign', bad), bad).toBe('INVALID_FISCAL_SIGN');
    }
  });

  it('checks all the requisites at once, in field order', () => {
    expect(checkFiscalRequisites(EPOS_SAMPLE)).toEqual([]);
    const problems = checkFiscalRequisites({
      terminalId: 'x',
      receiptSeq: 0,
      dateTime: '20230230120000',
      fiscalSign: '1',
    });
    expect(problems.map((p) => [p.field, p.code])).toEqual([
      ['terminalId', 'INVALID_TERMINAL_ID'],
      ['receiptSeq', 'INVALID_RECEIPT_SEQ'],
      ['dateTime', 'INVALID_DATE_TIME'],
      ['fiscalSign', 'INVALID_FISCAL_SIGN'],
    ]);
  });

  it('builds the ofd.soliq.uz check link', () => {
    expect(fiscalQrUrl(EPOS_SAMPLE)).toBe(
      'https://ofd.soliq.uz/check?t=UZ191211501033&r=559&c=20211109170634&s=336289559214',
    );
  });
});

describe('fiscal times (Tashkent)', () => {
  it('accepts only real FM times in 2000–2099 and reads them as Tashkent time', () => {
    expect(parseFiscalDateTime('20211109170634')?.toISOString()).toBe('2021-11-09T12:06:34.000Z');
    expect(parseFiscalDateTime('20240229235959')).not.toBeNull();
    for (const bad of [
      '20230229120000',
      '20230431120000',
      '20231301120000',
      '20230101240000',
      '20230101126000',
      '2023010112000',
      'x0230101120000',
      '19991231235959',
      '21000101000000',
      '2021-11-09 17:06:34',
    ]) {
      expect(parseFiscalDateTime(bad), bad).toBeNull();
      expect(code('dateTime', bad), bad).toBe('INVALID_DATE_TIME');
    }
  });

  it('reads both spellings, writes both in Tashkent time whatever the machine’s zone', () => {
    const at = new Date('2024-01-05T09:30:15Z');
    expect(formatCompactTime(at)).toBe('20240105143015');
    expect(formatEposTime(at)).toBe('2024-01-05 14:30:15');
    expect(parseFiscalTime('2024-01-05 14:30:15')?.getTime()).toBe(at.getTime());
    expect(parseFiscalTime('20240105143015')?.getTime()).toBe(at.getTime());
    expect(parseFiscalTime('2024-02-30 10:00:00')).toBeNull();
  });

  it('round-trips every second of the century through both spellings', () => {
    const instant = fc.integer({
      min: Date.UTC(2000, 0, 1) - 5 * 3600_000,
      max: Date.UTC(2100, 0, 1) - 5 * 3600_000 - 1000,
    });
    fc.assert(
      fc.property(instant, (ms) => {
        const at = new Date(ms - (ms % 1000));
        expect(parseFiscalDateTime(formatCompactTime(at))?.getTime()).toBe(at.getTime());
        expect(parseFiscalTime(formatEposTime(at))?.getTime()).toBe(at.getTime());
      }),
    );
  });
});
