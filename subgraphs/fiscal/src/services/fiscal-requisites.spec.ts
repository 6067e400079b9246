import { newId } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import { fiscalQrUrl, parseFmDateTime, validateRequisites } from './fiscal-requisites.ts';

const requisites = (saleId: string) => ({
  saleId,
  terminalId: 'UZ191211501033',
  receiptSeq: 559,
  dateTime: '20211109170634',
  fiscalSign: '336289559214',
});

describe('fiscal requisites', () => {
  it('accepts only real FM times and reads them as Tashkent time', () => {
    expect(parseFmDateTime('20211109170634')?.toISOString()).toBe('2021-11-09T12:06:34.000Z');
    expect(parseFmDateTime('20240229235959')).not.toBeNull();
    for (const bad of [
      '20230229120000',
      '20230431120000',
      '20231301120000',
      '20230101240000',
      '20230101126000',
      '2023010112000',
      'x0230101120000',
      '19991231235959',
    ]) {
      expect(parseFmDateTime(bad), bad).toBeNull();
    }
  });

  it('accepts the requisites of a real E-POS receipt', () => {
    expect(validateRequisites(requisites(newId()))).toEqual([]);
  });

  it('builds the ofd.soliq.uz check link', () => {
    expect(fiscalQrUrl(requisites(newId()))).toBe(
      'https://ofd.soliq.uz/check?t=UZ191211501033&r=559&c=20211109170634&s=336289559214',
    );
  });
});
