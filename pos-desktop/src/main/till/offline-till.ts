/**
 * A till's sale services on a SQLite store and catalog store of their own, with no server and the
 * fiscal module off: the POS host's real `sale.complete` path (boundary parsing, the host's rules,
 * the outbox payload it records and syncs) for cross-checks outside the POS — `system/`'s receipt
 * parity drives random carts through it and hands the recorded `SaleInput` to the sales service.
 * Exported as `@jowi/pos-desktop/offline-till`; production code does not use it.
 */
import { join } from 'node:path';
import type { CashierInfo } from '../../shared/pos-types.ts';
import { CatalogStore } from '../catalog/catalog-store.ts';
import { startFiscal } from '../fiscal.ts';
import type { SaleInputPayload } from '../outbox/commands.ts';
import { openStore } from '../store/database.ts';
import { type TillContext, tillContext } from './context.ts';
import { CustomerService } from './customers.ts';
import { SaleService } from './sales.ts';
import { ShiftService } from './shifts.ts';

export { fiscalRequest } from './sales.ts';
export type { SaleInputPayload };

export interface OfflineTill {
  context: TillContext;
  sales: SaleService;
  shifts: ShiftService;
  customers: CustomerService;
  catalog: CatalogStore;
  /** The `SaleInput` the host recorded for a sale (the outbox payload `syncSales` receives). */
  saleInput(saleId: string): SaleInputPayload;
  close(): Promise<void>;
}

/** Opens the till's stores under `dir` for `cashier` (whose permissions the host's rules check). */
export async function openOfflineTill(options: {
  dir: string;
  terminalId: string;
  cashier: () => CashierInfo;
}): Promise<OfflineTill> {
  const store = openStore(join(options.dir, 'till.sqlite'));
  const catalog = new CatalogStore(join(options.dir, 'catalog.sqlite'));
  const fiscal = await startFiscal({
    mode: 'off',
    deviceUrl: 'http://127.0.0.1:1/rpc/api',
    port: 0,
    journalFile: join(options.dir, 'fiscal-journal.jsonl'),
  });
  const context = tillContext({
    terminalId: options.terminalId,
    store,
    fiscal: fiscal.api,
    fiscalMode: 'off',
    cashier: options.cashier,
    changed: () => {},
  });
  const shifts = new ShiftService(context);
  const customers = new CustomerService(context);
  const sales = new SaleService(context, shifts, customers.known, catalog);
  return {
    context,
    sales,
    shifts,
    customers,
    catalog,
    saleInput(saleId) {
      const entry = context.outbox.get(saleId);
      if (entry?.command !== 'recordSale.v1') throw new Error(`no recorded sale ${saleId}`);
      return entry.payload as SaleInputPayload;
    },
    async close() {
      catalog.close();
      store.close();
      await fiscal.close();
    },
  };
}
