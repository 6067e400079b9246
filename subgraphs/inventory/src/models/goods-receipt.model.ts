/** Suppliers and goods receipts as the receiving service reads them (raw SQL selects these names). */

export interface SupplierRow {
  id: string;
  name: string;
  phone: string | null;
  taxId: string | null;
  note: string | null;
  active: boolean;
  createdAt: Date;
}

export interface GoodsReceiptLineRow {
  productId: string;
  quantity: bigint;
  unitCost: bigint;
}

export interface GoodsReceiptRow {
  id: string;
  storeId: string;
  supplierId: string;
  note: string | null;
  total: bigint;
  createdBy: string | null;
  createdAt: Date;
  lines: GoodsReceiptLineRow[];
}
