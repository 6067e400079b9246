/** Transfers between stores as the transfer service reads them. */

export type TransferStatus = 'IN_TRANSIT' | 'RECEIVED';

export interface TransferLineRow {
  lineNo: number;
  productId: string;
  quantitySent: bigint;
  quantityReceived: bigint | null;
  unitCost: bigint | null;
}

export interface TransferRow {
  id: string;
  fromStoreId: string;
  toStoreId: string;
  status: TransferStatus;
  note: string | null;
  sentBy: string | null;
  sentAt: Date;
  receivedBy: string | null;
  receivedAt: Date | null;
  lines: TransferLineRow[];
}
