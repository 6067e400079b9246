/**
 * The outbox's command catalogue: each entry is one named, versioned command with its full
 * payload. A payload is stored exactly as it will be uploaded, so a command recorded by an older
 * app version still uploads after an update: a new shape gets a new version (`recordSale.v2`)
 * and the old version keeps its mapping here.
 *
 * Each command names the input list it travels in: `syncSales`'s sales, shift events and refunds,
 * or `customers` — `syncCustomers`, sent as the first root field of the same request, so a customer
 * registered offline reaches the server before the sales that name it.
 */

/** The input lists an entry can travel in (`customers` is `syncCustomers`' list). */
export type SyncSection = 'sales' | 'shiftEvents' | 'refunds' | 'customers';

/** A `SaleInput` as `syncSales` takes it (what the POS decided; the server derives the rest). */
export interface SaleInputPayload {
  id: string;
  createdAt: string;
  lines: Array<{
    productId: string;
    quantity: string;
    unitPrice: string;
    discount?: string;
    vatRate?: number;
    name?: string;
    ikpu?: string;
    packageCode?: string;
    ownerType?: string;
    modifiers?: Array<{ modifierId: string; name: string; priceDelta: string }>;
    /** One marking code per unit (`SaleLineInput.markingCodes`). */
    markingCodes?: string[];
  }>;
  payments: Array<{
    method: string;
    amount: string;
    tendered?: string;
    cardBrand?: string;
    reference?: string;
  }>;
  total: string;
  discount?: string;
  shiftId?: string;
  customerId?: string;
  cashierId?: string;
  receiptNumber?: number;
  catalogVersion?: string;
  fiscal?: { terminalId: string; receiptSeq: number; dateTime: string; fiscalSign: string };
}

/** A `ShiftEventInput`. */
export interface ShiftEventPayload {
  kind: 'OPEN' | 'CASH_IN' | 'CASH_OUT' | 'CLOSE';
  id: string;
  shiftId?: string;
  at: string;
  amount: string;
  reason?: string;
}

/** A `RefundInput`. */
export interface RefundPayload {
  id: string;
  saleId: string;
  createdAt?: string;
  lines?: Array<{ saleLineNo: number; quantity: string }>;
  payments?: SaleInputPayload['payments'];
  shiftId?: string;
  reason?: string;
}

/** A customer registered at the till (`SyncCustomerInput`). */
export interface RegisterCustomerPayload {
  id: string;
  phone: string;
  name?: string;
  createdAt: string;
}

/** Command name → payload type. */
export interface CommandPayloads {
  'recordSale.v1': SaleInputPayload;
  'shiftEvent.v1': ShiftEventPayload;
  'recordRefund.v1': RefundPayload;
  'registerCustomer.v1': RegisterCustomerPayload;
}

/** A command name. */
export type CommandName = keyof CommandPayloads;

/** Where each command travels. */
export const COMMANDS: { [K in CommandName]: { section: SyncSection | null } } = {
  'recordSale.v1': { section: 'sales' },
  'shiftEvent.v1': { section: 'shiftEvents' },
  'recordRefund.v1': { section: 'refunds' },
  'registerCustomer.v1': { section: 'customers' },
};

/** Whether `name` is a known command. */
export const isCommandName = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

/** The server's per-list limits of one call (sales and customers SDL: at most 500 each). */
export const SYNC_LIMITS: Record<SyncSection, number> = {
  sales: 500,
  shiftEvents: 500,
  refunds: 500,
  customers: 500,
};
