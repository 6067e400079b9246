/**
 * The till's own record of each sale and refund beside its outbox entry: the shift it belongs
 * to, the receipt number, what was (or will be) sent to the fiscal module — stored whole, so a
 * retry after a fault or a crash asks the fiscal gateway for exactly the same receipt, which it
 * answers from its journal instead of signing again — and the fiscal answer and print count.
 */
import type { FiscalReceiptData, FiscalSaleInput } from '../../renderer/lib/bridge.ts';
import type { FiscalRequisites, SaleLoyaltyInfo } from '../../shared/pos-types.ts';
import type { Store } from '../store/database.ts';

/** The local part of a receipt. */
export interface ReceiptLocal {
  /** Sale: change due (Σ tendered − amount of cash payments). Refund: unused. */
  change: string;
  /** Sale: each line's net. */
  lineTotals: string[];
  /** Sale: the refund total; sale: the sale total. */
  total: string;
  /** The request for the fiscal gateway (without `kind`; refunds carry `originalSaleId`). */
  fiscalRequest: Omit<FiscalSaleInput, 'saleId'> & { originalSaleId?: string };
  /** Sale: the customer's points redeemed and earned, for the slip (a known customer only). */
  loyalty?: SaleLoyaltyInfo;
}

/** One receipt row. */
export interface ReceiptRecord {
  documentId: string;
  kind: 'sale' | 'refund';
  shiftId: string;
  receiptNumber: number | null;
  local: ReceiptLocal;
  fiscal: FiscalReceiptData | null;
  printCount: number;
}

interface Row {
  document_id: string;
  kind: 'sale' | 'refund';
  shift_id: string;
  receipt_number: number | null;
  local: string;
  fiscal: string | null;
  print_count: number;
}

const toRecord = (row: Row): ReceiptRecord => ({
  documentId: row.document_id,
  kind: row.kind,
  shiftId: row.shift_id,
  receiptNumber: row.receipt_number,
  local: JSON.parse(row.local) as ReceiptLocal,
  fiscal: row.fiscal ? (JSON.parse(row.fiscal) as FiscalReceiptData) : null,
  printCount: row.print_count,
});

/** The fiscal requisites a sale or refund carries and prints. */
export const requisitesOf = (fiscal: FiscalReceiptData | null): FiscalRequisites | null =>
  fiscal
    ? {
        terminalId: fiscal.terminalId,
        receiptSeq: fiscal.receiptSeq,
        dateTime: fiscal.dateTime,
        fiscalSign: fiscal.fiscalSign,
        qrUrl: fiscal.qrUrl,
      }
    : null;

export class ReceiptBook {
  constructor(private readonly db: Store) {}

  insert(record: Omit<ReceiptRecord, 'fiscal' | 'printCount'>): void {
    this.db
      .prepare(
        'INSERT INTO receipt (document_id, kind, shift_id, receipt_number, local) VALUES (?, ?, ?, ?, ?)',
      )
      .run(
        record.documentId,
        record.kind,
        record.shiftId,
        record.receiptNumber,
        JSON.stringify(record.local),
      );
  }

  get(documentId: string): ReceiptRecord | null {
    const row = this.db.prepare<[string], Row>('SELECT * FROM receipt WHERE document_id = ?').get(documentId);
    return row ? toRecord(row) : null;
  }

  /** Receipts of a shift, in the order they were recorded. */
  ofShift(shiftId: string): ReceiptRecord[] {
    return this.db
      .prepare<[string], Row>(
        `SELECT r.* FROM receipt r JOIN outbox o ON o.id = r.document_id
         WHERE r.shift_id = ? AND o.state <> 'discarded' ORDER BY o.seq`,
      )
      .all(shiftId)
      .map(toRecord);
  }

  setFiscal(documentId: string, fiscal: FiscalReceiptData): void {
    this.db
      .prepare('UPDATE receipt SET fiscal = ? WHERE document_id = ?')
      .run(JSON.stringify(fiscal), documentId);
  }

  /** Counts one print; returns how many prints there were before it. */
  countPrint(documentId: string): number {
    const row = this.db
      .prepare<[string], { print_count: number }>(
        'UPDATE receipt SET print_count = print_count + 1 WHERE document_id = ? RETURNING print_count',
      )
      .get(documentId);
    return (row?.print_count ?? 1) - 1;
  }
}
