/**
 * Customers registered at the till, offline too. Registering writes the customer row and its
 * `registerCustomer.v1` outbox entry in one transaction; the renderer may name the customer on a
 * sale at once. The sync loop uploads pending customers with `syncCustomers` as the first root
 * field of the same request as `syncSales`, so the customer exists before the sales that name it;
 * the answer (CREATED / DUPLICATE / LINKED and the id that won) is kept here.
 */

import { normaliseUzPhone } from '../../shared/phone.ts';
import type { CustomerDraft, KnownCustomer, LocalCustomer } from '../../shared/pos-types.ts';
import { PosError } from '../host/result.ts';
import type { OutboxEntry } from '../outbox/outbox.ts';
import type { Store } from '../store/database.ts';
import type { SyncItemResult } from '../sync/transport.ts';
import type { TillContext } from './context.ts';
import { KnownCustomers } from './known-customers.ts';
import { customerDraftSchema, idSchema, parse } from './validation.ts';

interface CustomerRow {
  id: string;
  phone: string;
  name: string | null;
  registered_at: string;
  sync_status: LocalCustomer['syncStatus'];
  customer_id: string | null;
}

/** Re-exported: the host's callers and specs import it from here. */
export { normaliseUzPhone };

export class CustomerService {
  readonly known: KnownCustomers;

  constructor(private readonly till: TillContext) {
    this.known = new KnownCustomers(till.kv);
  }

  /** Keeps a customer the server answered for (see `known-customers.ts`). */
  remember(input: unknown): KnownCustomer {
    this.till.cashier();
    return this.known.remember(input);
  }

  /**
   * The customer with this phone as the till knows them: remembered from the server, else
   * registered here (no points yet, earning the program's base rate), else null.
   */
  lookup(input: unknown): KnownCustomer | null {
    this.till.cashier();
    const phone = normaliseUzPhone(typeof input === 'string' ? input : '');
    if (!phone) throw PosError.of('INVALID_PHONE');
    const known = this.known.byPhone(phone);
    if (known) return known;
    const row = this.row('phone', phone);
    return row ? this.tillCustomer(row) : null;
  }

  /** A customer registered here as a known one, with the loyalty rules last seen. */
  private tillCustomer(row: CustomerRow): KnownCustomer {
    const rules = this.known.rules();
    return {
      id: row.id,
      phone: row.phone,
      name: row.name,
      balance: '0.00',
      loyaltyEnabled: rules?.loyaltyEnabled ?? false,
      accrualBps: rules?.baseAccrualBps ?? 0,
      baseAccrualBps: rules?.baseAccrualBps ?? 0,
      maxRedeemPercent: rules?.maxRedeemPercent ?? 0,
      source: 'till',
      seenAt: row.registered_at,
    };
  }

  /** Registers a customer, or answers the one this till already registered with the phone. */
  register(input: unknown): LocalCustomer {
    const draft = parse(customerDraftSchema, input) as CustomerDraft;
    this.till.cashier();
    const phone = normaliseUzPhone(draft.phone);
    if (!phone) throw PosError.of('INVALID_PHONE');
    const known = this.row('phone', phone);
    if (known) return this.toLocal(known);
    const id = this.till.newId();
    const registeredAt = this.till.now().toISOString();
    const name = draft.name?.trim() || null;
    const { store, outbox, terminalId } = this.till;
    store.transaction(() => {
      outbox.enqueue(
        'registerCustomer.v1',
        { id, phone, ...(name ? { name } : {}), createdAt: registeredAt },
        { id, terminalId, deviceTime: registeredAt },
      );
      store
        .prepare('INSERT INTO customer (id, phone, name, registered_at) VALUES (?, ?, ?, ?)')
        .run(id, phone, name, registeredAt);
    })();
    this.till.changed();
    this.known.remember(this.tillCustomer(this.row('id', id)!));
    return this.get(id);
  }

  get(customerId: unknown): LocalCustomer {
    const row = this.row('id', parse(idSchema, customerId));
    if (!row) throw PosError.of('DOCUMENT_NOT_FOUND');
    return this.toLocal(row);
  }

  recent(limit: unknown = 50): LocalCustomer[] {
    const n = typeof limit === 'number' && Number.isInteger(limit) ? Math.min(Math.max(limit, 1), 500) : 50;
    return this.till.store
      .prepare<[number], CustomerRow>('SELECT * FROM customer ORDER BY registered_at DESC, id DESC LIMIT ?')
      .all(n)
      .map((row) => this.toLocal(row));
  }

  private row(by: 'id' | 'phone', value: string): CustomerRow | undefined {
    return this.till.store
      .prepare<[string], CustomerRow>(`SELECT * FROM customer WHERE ${by} = ?`)
      .get(value);
  }

  private toLocal(row: CustomerRow): LocalCustomer {
    const entry: OutboxEntry | null = this.till.outbox.get(row.id);
    return {
      id: row.id,
      phone: row.phone,
      name: row.name,
      registeredAt: row.registered_at,
      state: entry?.state ?? 'pending',
      syncStatus: row.sync_status,
      customerId: row.customer_id,
    };
  }
}

/**
 * Records the server's answer for an uploaded customer (inside the sync loop's transaction). A
 * resend's DUPLICATE that names another customer is a link the first answer was lost for.
 */
export function recordCustomerAnswer(store: Store, id: string, answer: SyncItemResult): void {
  const customerId = answer.customerId ?? id;
  const status = customerId !== id ? 'LINKED' : answer.status;
  store
    .prepare('UPDATE customer SET sync_status = ?, customer_id = ? WHERE id = ?')
    .run(status, customerId, id);
}
