/**
 * Slips. A signed sale or refund prints the fiscal slip (QR link, fiscal sign, IKPU lines) that
 * the fiscal gateway renders, as ESC/POS bytes for a receipt printer or as HTML for the print
 * dialog; a till that does not fiscalise locally (central or off) prints a plain slip of the
 * same lines. The host counts prints per document: every print after the first is marked COPY
 * (NUSXA / КОПИЯ), whatever the renderer asks — a duplicate must never pass for an original.
 *
 * With a configured printer device (`escpos` + `device`, e.g. `/dev/usb/lp0`), the host writes
 * the bytes there itself; otherwise it hands them (or the HTML) to the renderer.
 */
import { appendFileSync } from 'node:fs';
import {
  buildSlip,
  type FiscalReceipt,
  type ReceiptItem,
  receiptRequestSchema,
  renderSlipEscPos,
} from '@jowi/fiscal-gateway';
import { parseMoney } from '@jowi/receipt';
import type { PrintJob } from '../../shared/pos-types.ts';
import { PosError } from '../host/result.ts';
import type { SaleInputPayload } from '../outbox/commands.ts';
import type { TillContext } from './context.ts';
import type { ReceiptRecord } from './receipts.ts';
import { idSchema, parse } from './validation.ts';

/** How this till prints. */
export type PrinterConfig = { kind: 'dialog' } | { kind: 'escpos'; device?: string };

const COPY_MARK = 'NUSXA / КОПИЯ / COPY';
const ESC = 0x1b;

export class PrintService {
  constructor(
    private readonly till: TillContext,
    private readonly printer: PrinterConfig,
  ) {}

  async receipt(documentId: unknown): Promise<PrintJob> {
    const id = parse(idSchema, documentId);
    const receipt = this.till.receipts.get(id);
    if (!receipt) throw PosError.of('DOCUMENT_NOT_FOUND');
    if (this.till.fiscalMode === 'local' && !receipt.fiscal) throw PosError.of('NOT_FISCALISED');
    const copy = this.till.receipts.countPrint(id) > 0;
    const extras = this.extras(receipt);
    if (this.printer.kind === 'escpos') {
      const bytes = withCopyMark(withExtras(this.escPos(receipt), extras), copy);
      const device = this.printer.device;
      if (device) {
        try {
          appendFileSync(device, bytes);
        } catch (error) {
          throw PosError.of('PRINTER_ERROR', { detail: String(error) });
        }
      }
      return {
        documentId: id,
        format: 'escpos',
        copy,
        bytesBase64: Buffer.from(bytes).toString('base64'),
        printedTo: device ?? null,
      };
    }
    const html = withHtmlExtras(await this.html(receipt, copy), extras);
    return { documentId: id, format: 'html', copy, html, printedTo: null };
  }

  /**
   * What the fiscal slip has no field for, printed under it: each line's modifiers, the receipt
   * discount, the customer, and the points redeemed and earned (as the till computed them).
   */
  private extras(receipt: ReceiptRecord): string[] {
    if (receipt.kind !== 'sale') return [];
    const entry = this.till.outbox.get(receipt.documentId);
    const payload = entry?.command === 'recordSale.v1' ? (entry.payload as SaleInputPayload) : null;
    if (!payload) return [];
    const lines: string[] = [];
    for (const line of payload.lines) {
      if (!line.modifiers?.length) continue;
      lines.push(`${line.name ?? ''}:`);
      for (const m of line.modifiers)
        lines.push(`  + ${m.name}${parseMoney(m.priceDelta) > 0n ? ` ${m.priceDelta}` : ''}`);
    }
    if (payload.discount) lines.push(`Chek chegirmasi / Скидка на чек: -${payload.discount}`);
    const loyalty = receipt.local.loyalty;
    if (loyalty) {
      lines.push(`Mijoz / Клиент: ${maskPhone(loyalty.phone)}${loyalty.name ? ` ${loyalty.name}` : ''}`);
      if (parseMoney(loyalty.redeemed) > 0n) lines.push(`Ball bilan / Баллами: ${loyalty.redeemed}`);
      lines.push(`Ball qo'shildi / Начислено баллов: +${points(loyalty.earned)}`);
      lines.push(`Ball qoldig'i / Остаток баллов: ${points(loyalty.balanceAfter)}`);
    }
    return lines;
  }

  private escPos(receipt: ReceiptRecord): Uint8Array {
    if (!receipt.fiscal) return plainEscPos(plainLines(receipt));
    return renderSlipEscPos(buildSlip(items(receipt), fiscalReceipt(receipt)));
  }

  private async html(receipt: ReceiptRecord, copy: boolean): Promise<string> {
    let html: string;
    if (receipt.fiscal) {
      const result = await this.till.fiscal.slipHtml(receipt.documentId, receipt.kind);
      if (!result.ok) throw new PosError(result.error);
      html = result.value;
    } else {
      html = `<!doctype html><meta charset="utf-8"><body><pre>${escapeHtml(plainLines(receipt).join('\n'))}</pre></body>`;
    }
    if (!copy) return html;
    const banner = `<p style="text-align:center;font-weight:bold;border:2px solid;padding:4px">${COPY_MARK}</p>`;
    return /<body[^>]*>/i.test(html)
      ? html.replace(/<body[^>]*>/i, (tag) => `${tag}${banner}`)
      : banner + html;
  }
}

/** The stored fiscal request's items, as the fiscal gateway's types (money in tiyin). */
function items(receipt: ReceiptRecord): ReceiptItem[] {
  const parsed = receiptRequestSchema.parse({
    ...receipt.local.fiscalRequest,
    kind: 'sale',
    originalSaleId: undefined,
    saleId: receipt.documentId,
  });
  return parsed.items.map((item) => ({ ...item, ownerType: item.ownerType as ReceiptItem['ownerType'] }));
}

function fiscalReceipt(receipt: ReceiptRecord): FiscalReceipt {
  const f = receipt.fiscal!;
  return {
    kind: f.kind,
    externalId: f.saleId,
    terminalId: f.terminalId,
    receiptSeq: f.receiptSeq,
    dateTime: f.dateTime,
    fiscalSign: f.fiscalSign,
    qrUrl: f.qrUrl,
    total: parseMoney(f.total),
    cash: parseMoney(f.cash),
    card: parseMoney(f.card),
    vat: parseMoney(f.vat),
    zNumber: f.zNumber,
  };
}

/** A slip without fiscal data (central or off mode): the lines, the total, the change. */
function plainLines(receipt: ReceiptRecord): string[] {
  const { fiscalRequest, total, change } = receipt.local;
  const lines = [
    receipt.kind === 'sale' ? `Chek / Чек #${receipt.receiptNumber ?? ''}` : 'Qaytarish / Возврат',
  ];
  fiscalRequest.items.forEach((item, index) => {
    lines.push(
      item.name,
      `  ${item.quantity} x ${item.unitPrice} = ${receipt.local.lineTotals[index] ?? ''}`,
    );
  });
  lines.push(`JAMI / ИТОГО: ${total}`);
  if (receipt.kind === 'sale' && change !== '0.00') lines.push(`Qaytim / Сдача: ${change}`);
  lines.push('Fiskal chek emas / Не фискальный чек');
  return lines;
}

function plainEscPos(lines: string[]): Uint8Array {
  const text = lines.map((line) => line.normalize('NFKD').replace(/[^\x20-\x7e]/g, '?')).join('\n');
  return Uint8Array.from([ESC, 0x40, ...Buffer.from(`${text}\n\n\n`, 'ascii'), 0x1d, 0x56, 0x42, 0x03]);
}

/** COPY in bold, centred, before the slip (the slip's own ESC @ resets the style after it). */
function withCopyMark(bytes: Uint8Array, copy: boolean): Uint8Array {
  if (!copy) return bytes;
  const mark = [ESC, 0x40, ESC, 0x61, 1, ESC, 0x45, 1, ...Buffer.from('NUSXA / KOPIYA / COPY\n', 'ascii')];
  return Uint8Array.from([...mark, ...bytes]);
}

/** Points are tiyin: "11.25" is 1 125 points. */
function points(text: string): string {
  const negative = text.startsWith('-');
  const value = parseMoney(negative ? text.slice(1) : text);
  return `${negative ? '-' : ''}${value.toString()}`;
}

/** `+998 90 *** ** 67`: a printed slip leaves the shop. */
function maskPhone(phone: string): string {
  const match = /^\+998(\d{2})\d{5}(\d{2})$/.exec(phone);
  return match ? `+998 ${match[1]} *** ** ${match[2]}` : phone;
}

/** The extras before the slip's final cut (or at its end when there is none). */
function withExtras(bytes: Uint8Array, extras: string[]): Uint8Array {
  if (!extras.length) return bytes;
  const text = Buffer.from(
    `${extras.map((line) => line.normalize('NFKD').replace(/[^\x20-\x7e]/g, '?')).join('\n')}\n`,
    'ascii',
  );
  const cut = [0x1d, 0x56, 0x42, 0x03];
  const tail = bytes.slice(-cut.length);
  const endsWithCut = cut.every((b, i) => tail[i] === b);
  const body = endsWithCut ? bytes.slice(0, -cut.length) : bytes;
  return Uint8Array.from([...body, ...text, ...(endsWithCut ? cut : [])]);
}

function withHtmlExtras(html: string, extras: string[]): string {
  if (!extras.length) return html;
  const block = `<pre data-slip-extras style="white-space:pre-wrap;font:inherit;border-top:1px dashed;padding-top:4px">${escapeHtml(extras.join('\n'))}</pre>`;
  return /<\/body>/i.test(html) ? html.replace(/<\/body>/i, `${block}</body>`) : html + block;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}
