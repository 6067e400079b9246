/** Stock takes (counts) as the stock-take service reads them. */

export interface StockTakeLineRow {
  productId: string;
  expected: bigint;
  counted: bigint | null;
  levelAtPosting: bigint | null;
  adjustment: bigint | null;
}

export interface StockTakeRow {
  id: string;
  storeId: string;
  status: 'OPEN' | 'POSTED';
  partial: boolean;
  note: string | null;
  createdBy: string | null;
  createdAt: Date;
  postedBy: string | null;
  postedAt: Date | null;
  lines: StockTakeLineRow[];
}
