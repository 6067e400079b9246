import { fiscalQrUrl } from '@jowi/receipt';
import { describe, expect, it } from 'vitest';
import { FiscalError, type FiscalReceipt } from './driver.ts';
import {
  buildSlip,
  ESC_POS_CUT,
  escapeHtml,
  renderSlipEscPos,
  renderSlipHtml,
  SimulatedPrinter,
} from './printer.ts';

const ref = {
  terminalId: 'UZ191211501033',
  receiptSeq: 559,
  dateTime: '20211109170634',
  fiscalSign: '336289559214',
};
const fiscal: FiscalReceipt = {
  ...ref,
  kind: 'sale',
  externalId: 'sale-1',
  qrUrl: fiscalQrUrl(ref),
  total: 4_500_000n,
  cash: 4_500_000n,
  card: 0n,
  vat: 482_143n,
  zNumber: 3,
};
const slip = buildSlip(
  [
    {
      name: 'Somsa <go‘shtli>',
      spic: '10999001001000000',
      packageCode: '1512345',
      quantity: 3000n,
      unitPrice: 1_500_000n,
      vatPercent: 12,
      ownerType: 1,
    },
  ],
  fiscal,
  { name: 'Jowi Cafe', tin: '123456789' },
);

function indexOf(haystack: Uint8Array, needle: Uint8Array): number {
  return Buffer.from(haystack).indexOf(Buffer.from(needle));
}

describe('receipt slip', () => {
  it('builds the QR link in the tax committee format', () => {
    expect(fiscal.qrUrl).toBe(
      'https://ofd.soliq.uz/check?t=UZ191211501033&r=559&c=20211109170634&s=336289559214',
    );
  });

  it('renders HTML with the fiscal sign, the QR link and an inline QR code, escaping names', async () => {
    const html = await renderSlipHtml(slip);
    expect(html).toContain('336289559214');
    expect(html).toContain(escapeHtml(fiscal.qrUrl));
    expect(html).toMatch(/<svg[^>]*>[\s\S]*<\/svg>/);
    expect(html).toContain('Somsa &lt;go‘shtli&gt;');
    expect(html).toContain('45 000.00'); // total
    expect(html).toContain('UZ191211501033');
  });

  it('renders ESC/POS with the GS ( k QR commands carrying the link, and a cut at the end', () => {
    const bytes = renderSlipEscPos(slip);
    const url = Buffer.from(fiscal.qrUrl, 'ascii');
    const storeLength = url.length + 3;
    const store = Uint8Array.from([
      0x1d,
      0x28,
      0x6b,
      storeLength & 0xff,
      storeLength >> 8,
      0x31,
      0x50,
      0x30,
      ...url,
    ]);
    const print = Uint8Array.from([0x1d, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]);
    const model = Uint8Array.from([0x1d, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]);
    expect(indexOf(bytes, model)).toBeGreaterThan(0);
    expect(indexOf(bytes, store)).toBeGreaterThan(indexOf(bytes, model));
    expect(indexOf(bytes, print)).toBeGreaterThan(indexOf(bytes, store));
    expect(indexOf(bytes, ESC_POS_CUT)).toBe(bytes.length - ESC_POS_CUT.length);
    expect([...bytes.slice(0, 2)]).toEqual([0x1b, 0x40]); // initialise
    expect(Buffer.from(bytes).includes('Fiskal belgi')).toBe(true);
    expect(Buffer.from(bytes).includes('336289559214')).toBe(true);
  });

  it('simulated printer refuses with PAPER_OUT / COVER_OPEN, from its own state or the simulator’s', async () => {
    const faults = { paperOut: false, coverOpen: false };
    const printer = new SimulatedPrinter({ faults: () => faults });
    await printer.print(renderSlipEscPos(slip));
    faults.paperOut = true;
    await expect(printer.print(new Uint8Array())).rejects.toMatchObject({ code: 'PAPER_OUT' });
    faults.paperOut = false;
    printer.coverOpen = true;
    const error = await printer.print(new Uint8Array()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FiscalError);
    expect((error as FiscalError).code).toBe('COVER_OPEN');
    expect(printer.jobs).toHaveLength(1);
  });
});
