import { appendFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { FiscalReceipt } from './driver.ts';
import { FiscalJournal, hashRequest } from './journal.ts';
import { tempDir } from './spec-helpers.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function journalFile(): Promise<string> {
  const tmp = await tempDir();
  cleanups.push(tmp.cleanup);
  return join(tmp.dir, 'nested', 'journal.jsonl');
}

const fiscal: FiscalReceipt = {
  kind: 'sale',
  externalId: 'sale-1',
  terminalId: 'UZ191211501033',
  receiptSeq: 7,
  dateTime: '20250303090001',
  fiscalSign: '123456789012',
  qrUrl: 'https://ofd.soliq.uz/check?t=UZ191211501033&r=7&c=20250303090001&s=123456789012',
  total: 1_250_000n,
  cash: 1_250_000n,
  card: 0n,
  vat: 133_929n,
  zNumber: 1,
};

describe('idempotency journal', () => {
  it('survives reopening: the last record per key wins, bigint money intact', async () => {
    const file = await journalFile();
    const journal = await FiscalJournal.open(file);
    await journal.begin('sale', 'sale-1', hashRequest({ a: 1 }), { a: 1 });
    await journal.begin('sale', 'sale-2', hashRequest({ b: 2 }), { b: 2 });
    await journal.complete('sale', 'sale-1', fiscal);
    await journal.fail('sale', 'sale-2', 'PAPER_OUT');
    await journal.close();

    const reopened = await FiscalJournal.open(file);
    cleanups.push(() => reopened.close());
    expect(reopened.get('sale', 'sale-1')).toMatchObject({
      state: 'done',
      requestHash: hashRequest({ a: 1 }),
    });
    expect(reopened.get('sale', 'sale-1')?.fiscal).toMatchObject({
      total: '1250000',
      fiscalSign: '123456789012',
    });
    expect(reopened.get('sale', 'sale-2')).toMatchObject({ state: 'failed', error: { code: 'PAPER_OUT' } });
    // Kind is part of the key: a refund with the same id is a different entry.
    expect(reopened.get('refund', 'sale-1')).toBeUndefined();
    const lines = (await readFile(file, 'utf8')).trim().split('\n');
    expect(lines).toHaveLength(4); // append-only
  });

  it('drops a torn last record left by a crash mid-write and keeps appending cleanly', async () => {
    const file = await journalFile();
    const journal = await FiscalJournal.open(file);
    await journal.begin('sale', 'sale-1', 'h1', {});
    await journal.close();
    await appendFile(file, '{"v":1,"kind":"sale","saleId":"sale-1","state":"do');

    const reopened = await FiscalJournal.open(file);
    expect(reopened.get('sale', 'sale-1')?.state).toBe('pending');
    await reopened.complete('sale', 'sale-1', fiscal);
    await reopened.close();
    const again = await FiscalJournal.open(file);
    cleanups.push(() => again.close());
    expect(again.get('sale', 'sale-1')?.state).toBe('done');
  });
});
