/**
 * Receipt slips and receipt printers.
 *
 * The FM signs; it does not print. The POS prints the slip — goods, totals, VAT, payments and
 * the fiscal requisites (FM number, receipt number, time, fiscal sign) with a scannable QR code
 * of the tax committee's check link, which is what makes a paper receipt valid and what the
 * customer scans for cashback. Two renderings of one {@link SlipData}: HTML for the POS screen,
 * e-mail or a screenshot, and ESC/POS bytes for a thermal printer (QR via `GS ( k`).
 *
 * A printer can run out of paper or have its cover open. The gateway asks before it has the FM
 * sign anything, so a sale is not fiscalized into a receipt nobody can hand over.
 */
import { formatDecimalString, formatMoney, formatQuantity, parseFiscalTime } from '@jowi/receipt';
import QRCode from 'qrcode';
import { FiscalError, type FiscalReceipt, type ReceiptItem, resolveLine } from './driver.ts';

/** Seller details printed at the top (the FM knows them, the Communicator does not return them). */
export interface SellerInfo {
  name: string;
  tin?: string;
  address?: string;
}

/** One printed line. */
export interface SlipLine {
  name: string;
  spic: string;
  quantity: bigint;
  unitPrice: bigint;
  price: bigint;
  discount: bigint;
  vat: bigint;
  vatPercent: number;
}

/** Everything a slip shows. Money in tiyin. */
export interface SlipData {
  seller?: SellerInfo;
  lines: SlipLine[];
  fiscal: FiscalReceipt;
}

/** Builds slip data from the receipt lines and the FM's answer. */
export function buildSlip(items: ReceiptItem[], fiscal: FiscalReceipt, seller?: SellerInfo): SlipData {
  return {
    ...(seller ? { seller } : {}),
    fiscal,
    lines: items.map((item) => {
      const line = resolveLine(item);
      return {
        name: item.name,
        spic: item.spic,
        quantity: item.quantity,
        unitPrice: item.unitPrice,
        price: line.price,
        discount: line.discount,
        vat: line.vat,
        vatPercent: item.vatPercent,
      };
    }),
  };
}

const TITLES = {
  sale: { uz: 'SAVDO CHEKI', ru: 'ЧЕК ПРОДАЖИ' },
  refund: { uz: 'QAYTARISH CHEKI', ru: 'ЧЕК ВОЗВРАТА' },
};

/** "20240105143015" → "05.01.2024 14:30:15". */
function displayTime(compact: string): string {
  const date = parseFiscalTime(compact);
  if (!date) return compact;
  return `${compact.slice(6, 8)}.${compact.slice(4, 6)}.${compact.slice(0, 4)} ${compact.slice(8, 10)}:${compact.slice(10, 12)}:${compact.slice(12, 14)}`;
}

/** How slips write amounts: plain spaces between thousands, a point, an ASCII minus (any printer code page). */
const SLIP_NUMBERS = { group: ' ', decimal: '.', minus: '-' };

/** "1250000" tiyin → "12 500.00" (sum, grouped as printed on Uzbek receipts). */
export function displayMoney(tiyin: bigint): string {
  return formatDecimalString(formatMoney(tiyin), SLIP_NUMBERS);
}

const escapeHtml = (text: string): string =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

/** HTML-escapes text; exported so callers (and tests) can find escaped values in a slip. */
export { escapeHtml };

/**
 * The slip as a self-contained HTML page (inline SVG QR code, no external assets), 80 mm wide,
 * ready to print from a browser or to screenshot.
 */
export async function renderSlipHtml(slip: SlipData): Promise<string> {
  const { fiscal } = slip;
  const qrSvg = await QRCode.toString(fiscal.qrUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 1 });
  const title = TITLES[fiscal.kind];
  const lines = slip.lines
    .map(
      (line) => `
      <div class="line">
        <div class="name">${escapeHtml(line.name)}</div>
        <div class="row"><span>${formatQuantity(line.quantity)} × ${displayMoney(line.unitPrice)}</span><span>${displayMoney(line.price)}</span></div>
        ${line.discount > 0n ? `<div class="row muted"><span>Chegirma / Скидка</span><span>−${displayMoney(line.discount)}</span></div>` : ''}
        <div class="row muted"><span>QQS / НДС ${line.vatPercent}%</span><span>${displayMoney(line.vat)}</span></div>
        <div class="row muted"><span>MXIK / ИКПУ</span><span>${escapeHtml(line.spic)}</span></div>
      </div>`,
    )
    .join('');
  const seller = slip.seller
    ? `<div class="center strong">${escapeHtml(slip.seller.name)}</div>
       ${slip.seller.tin ? `<div class="center">STIR / ИНН ${escapeHtml(slip.seller.tin)}</div>` : ''}
       ${slip.seller.address ? `<div class="center">${escapeHtml(slip.seller.address)}</div>` : ''}`
    : '';
  return `<!doctype html>
<html lang="uz">
<head>
<meta charset="utf-8">
<title>${title.uz} № ${fiscal.receiptSeq}</title>
<style>
  body { margin: 0; background: #f3f3f3; font: 13px/1.35 ui-monospace, Menlo, Consolas, monospace; color: #111; }
  .slip { width: 80mm; box-sizing: border-box; margin: 16px auto; padding: 12px 14px; background: #fff; }
  .center { text-align: center; } .strong { font-weight: 700; } .muted { color: #555; font-size: 12px; }
  .row { display: flex; justify-content: space-between; gap: 8px; }
  .line { padding: 4px 0; border-bottom: 1px dashed #bbb; }
  .total { font-size: 16px; font-weight: 700; margin-top: 6px; }
  .qr { display: flex; justify-content: center; margin: 8px 0 4px; } .qr svg { width: 42mm; height: 42mm; }
  .link { word-break: break-all; font-size: 10px; text-align: center; }
  hr { border: 0; border-top: 1px dashed #888; margin: 8px 0; }
  @media print { body { background: #fff; } .slip { margin: 0; } }
</style>
</head>
<body>
<main class="slip" data-fiscal-sign="${escapeHtml(fiscal.fiscalSign)}">
  ${seller}
  <div class="center strong">${title.uz} / ${title.ru}</div>
  <hr>
  ${lines}
  <div class="row total"><span>JAMI / ИТОГО</span><span>${displayMoney(fiscal.total)}</span></div>
  <div class="row"><span>Naqd / Наличные</span><span>${displayMoney(fiscal.cash)}</span></div>
  <div class="row"><span>Karta / Карта</span><span>${displayMoney(fiscal.card)}</span></div>
  <div class="row"><span>QQS jami / НДС всего</span><span>${displayMoney(fiscal.vat)}</span></div>
  <hr>
  <div class="row"><span>FM</span><span>${escapeHtml(fiscal.terminalId)}</span></div>
  <div class="row"><span>Chek № / Чек №</span><span>${fiscal.receiptSeq}</span></div>
  <div class="row"><span>Vaqt / Время</span><span>${displayTime(fiscal.dateTime)}</span></div>
  <div class="row strong"><span>Fiskal belgi / ФП</span><span>${escapeHtml(fiscal.fiscalSign)}</span></div>
  <div class="qr">${qrSvg}</div>
  <div class="link"><a href="${escapeHtml(fiscal.qrUrl)}">${escapeHtml(fiscal.qrUrl)}</a></div>
</main>
</body>
</html>
`;
}

// --- ESC/POS ------------------------------------------------------------------------------

const ESC = 0x1b;
const GS = 0x1d;
const LF = 0x0a;

/** Latin/Cyrillic text → printable ASCII: thermal printers' code pages differ, ASCII does not. */
const TRANSLIT: Record<string, string> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'j',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'x',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'sh',
  ъ: '',
  ы: 'i',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  ў: "o'",
  қ: 'q',
  ғ: "g'",
  ҳ: 'h',
  ʻ: "'",
  ʼ: "'",
  '‘': "'",
  '’': "'",
  '×': 'x',
  '−': '-',
  '№': 'N',
};

function toAscii(text: string): string {
  let out = '';
  for (const char of text) {
    const lower = char.toLowerCase();
    const mapped = TRANSLIT[lower];
    if (mapped !== undefined) {
      out += char !== lower && mapped.length > 0 ? mapped[0]?.toUpperCase() + mapped.slice(1) : mapped;
    } else {
      const code = char.codePointAt(0) ?? 63;
      out += code >= 0x20 && code < 0x7f ? char : '?';
    }
  }
  return out;
}

/**
 * `GS ( k` commands that print `data` as a QR code: model 2, module size, error correction M,
 * store the data, print it.
 */
export function escPosQr(data: string, moduleSize = 6): Uint8Array {
  const bytes = Buffer.from(data, 'ascii');
  const storeLength = bytes.length + 3;
  return Uint8Array.from([
    ...[GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00], // model 2
    ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, moduleSize], // module size
    ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, 0x31], // error correction M
    ...[GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30], // store
    ...bytes,
    ...[GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30], // print
  ]);
}

/** Feed and partial cut (`GS V 66 n`). */
export const ESC_POS_CUT = Uint8Array.from([GS, 0x56, 0x42, 0x03]);

/** The slip as ESC/POS bytes for a thermal printer with `columns` characters per line. */
export function renderSlipEscPos(slip: SlipData, options: { columns?: number } = {}): Uint8Array {
  const columns = options.columns ?? 42;
  const chunks: number[] = [ESC, 0x40]; // initialise
  const text = (value: string) => {
    chunks.push(...Buffer.from(toAscii(value), 'ascii'), LF);
  };
  const align = (mode: 0 | 1) => chunks.push(ESC, 0x61, mode);
  const bold = (on: boolean) => chunks.push(ESC, 0x45, on ? 1 : 0);
  const row = (left: string, right: string) => {
    const l = toAscii(left);
    const r = toAscii(right);
    const space = Math.max(1, columns - l.length - r.length);
    text(`${l}${' '.repeat(space)}${r}`.slice(0, Math.max(columns, l.length + r.length + 1)));
  };
  const rule = () => text('-'.repeat(columns));
  const { fiscal } = slip;
  const title = TITLES[fiscal.kind];

  align(1);
  if (slip.seller) {
    bold(true);
    text(slip.seller.name);
    bold(false);
    if (slip.seller.tin) text(`STIR ${slip.seller.tin}`);
    if (slip.seller.address) text(slip.seller.address);
  }
  bold(true);
  text(title.uz);
  bold(false);
  align(0);
  rule();
  for (const line of slip.lines) {
    text(line.name);
    row(`  ${formatQuantity(line.quantity)} x ${displayMoney(line.unitPrice)}`, displayMoney(line.price));
    if (line.discount > 0n) row('  Chegirma', `-${displayMoney(line.discount)}`);
    row(`  QQS ${line.vatPercent}%`, displayMoney(line.vat));
    row('  MXIK', line.spic);
  }
  rule();
  bold(true);
  row('JAMI', displayMoney(fiscal.total));
  bold(false);
  row('Naqd', displayMoney(fiscal.cash));
  row('Karta', displayMoney(fiscal.card));
  row('QQS jami', displayMoney(fiscal.vat));
  rule();
  row('FM', fiscal.terminalId);
  row('Chek N', String(fiscal.receiptSeq));
  row('Vaqt', displayTime(fiscal.dateTime));
  row('Fiskal belgi', fiscal.fiscalSign);
  align(1);
  chunks.push(...escPosQr(fiscal.qrUrl));
  chunks.push(LF);
  align(0);
  chunks.push(ESC, 0x64, 0x03); // feed 3 lines before the cut
  chunks.push(...ESC_POS_CUT);
  return Uint8Array.from(chunks);
}

// --- printers -----------------------------------------------------------------------------

/** What a receipt printer reports about itself. */
export interface PrinterStatus {
  paperOut: boolean;
  coverOpen: boolean;
}

/** A receipt printer: asked before the FM signs, then given the slip's ESC/POS bytes. */
export interface ReceiptPrinter {
  status(): Promise<PrinterStatus>;
  /** Prints a job; fails with `PAPER_OUT` / `COVER_OPEN` like {@link assertPrinterReady}. */
  print(job: Uint8Array): Promise<void>;
}

/** Throws `COVER_OPEN` or `PAPER_OUT` when the printer cannot print. */
export function assertPrinterReady(status: PrinterStatus): void {
  if (status.coverOpen) throw new FiscalError('COVER_OPEN', 'printer cover open');
  if (status.paperOut) throw new FiscalError('PAPER_OUT', 'printer out of paper');
}

/**
 * A printer that keeps jobs in memory. Its faults are its own (`paperOut`, `coverOpen`) or,
 * with `faults`, read from elsewhere — e.g. the simulator's fault switches, so one
 * `POST /control/faults {"paperOut":true}` empties the whole simulated register.
 */
export class SimulatedPrinter implements ReceiptPrinter {
  paperOut = false;
  coverOpen = false;
  /** Printed jobs, oldest first. */
  readonly jobs: Uint8Array[] = [];

  constructor(private readonly options: { faults?: () => PrinterStatus } = {}) {}

  async status(): Promise<PrinterStatus> {
    const external = this.options.faults?.();
    return {
      paperOut: this.paperOut || (external?.paperOut ?? false),
      coverOpen: this.coverOpen || (external?.coverOpen ?? false),
    };
  }

  async print(job: Uint8Array): Promise<void> {
    assertPrinterReady(await this.status());
    this.jobs.push(job);
  }
}
