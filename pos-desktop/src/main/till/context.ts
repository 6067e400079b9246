/**
 * What the till's services share: the terminal's store and outbox, the fiscal module, the signed-in
 * cashier, and the hooks that keep the upload loop informed. One per paired terminal.
 */
import { hasPermission as holds } from '@jowi/server-kit/permissions';
import { v7 } from 'uuid';
import type { FiscalMode, PosFiscalApi } from '../../renderer/lib/bridge.ts';
import type { CashierInfo } from '../../shared/pos-types.ts';
import { Outbox } from '../outbox/outbox.ts';
import { KeyValue, type Store } from '../store/database.ts';
import { ReceiptBook } from './receipts.ts';

export interface TillContext {
  terminalId: string;
  store: Store;
  kv: KeyValue;
  outbox: Outbox;
  receipts: ReceiptBook;
  fiscal: PosFiscalApi;
  fiscalMode: FiscalMode;
  /** The signed-in, unlocked cashier (throws NOT_SIGNED_IN / TILL_LOCKED). */
  cashier(): CashierInfo;
  now(): Date;
  newId(): string;
  /** Something was written to the outbox: wake the uploader, tell the renderer. */
  changed(): void;
}

/** Builds the context of one terminal's store. */
export function tillContext(options: {
  terminalId: string;
  store: Store;
  fiscal: PosFiscalApi;
  fiscalMode: FiscalMode;
  cashier(): CashierInfo;
  changed(): void;
  now?: () => Date;
}): TillContext {
  const now = options.now ?? (() => new Date());
  return {
    terminalId: options.terminalId,
    store: options.store,
    kv: new KeyValue(options.store),
    outbox: new Outbox(options.store, now),
    receipts: new ReceiptBook(options.store),
    fiscal: options.fiscal,
    fiscalMode: options.fiscalMode,
    cashier: options.cashier,
    now,
    newId: () => v7(),
    changed: options.changed,
  };
}

/** Whether `cashier` holds `permission` (the shared wildcard-aware rule: an owner's `*` holds everything). */
export const hasPermission = (cashier: CashierInfo, permission: string): boolean =>
  holds(cashier.permissions, permission);
