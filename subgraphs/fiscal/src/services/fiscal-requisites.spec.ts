import { newId } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import { validateRequisites } from './fiscal-requisites.ts';

const requisites = (saleId: string) => ({
  saleId,
  terminalId: 'UZ191211501033',
  receiptSeq: 559,
  dateTime: '20211109170634',
  fiscalSign: '336289559214',
});

describe('fiscal requisites', () => {
  it('accepts the requisites of a real E-POS receipt', () => {
    expect(validateRequisites(requisites(newId()))).toEqual([]);
  });

  it('reports every broken requisite with its input field and the shared fiscal code', () => {
    expect(
      validateRequisites({
        terminalId: 'UZ19121150103',
        receiptSeq: 0,
        dateTime: '20230230120000',
        fiscalSign: '1',
      }),
    ).toEqual([
      expect.objectContaining({ code: 'INVALID_TERMINAL_ID', field: ['input', 'terminalId'] }),
      expect.objectContaining({ code: 'INVALID_RECEIPT_SEQ', field: ['input', 'receiptSeq'] }),
      expect.objectContaining({ code: 'INVALID_DATE_TIME', field: ['input', 'dateTime'] }),
      expect.objectContaining({ code: 'INVALID_FISCAL_SIGN', field: ['input', 'fiscalSign'] }),
    ]);
  });
});
