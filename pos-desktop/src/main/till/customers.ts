/**
 * Customers registered at the till, offline too. Registering writes the customer row and its
 * `registerCustomer.v1` outbox entry in one transaction; the renderer may name the customer on a
 * sale at once. The sync loop uploads pending customers with `syncCustomers` as the first root
 * field of the same request as `syncSales`, so the customer exists before the sales that name it;
 * the answer (CREATED / DUPLICATE / LINKED and the id that won) is kept here.
 */
import type { CustomerDraft, LocalCustomer } from '../../shared/pos-types.ts';
import { PosError } from '../host/result.ts';
import type { OutboxEntry } from '../outbox/outbox.ts';
import type { Store } from '../store/database.ts';
import type { SyncItemResult } from '../sync/transport.ts';
import type { TillContext } from './context.ts';
import { customerDraftSchema, idSchema, parse } from './validation.ts';

interface CustomerRow {
  id: string;
  phone: string;
  name: string | null;
  registered_at: string;
  sync_status: LocalCustomer['syncStatus'];
  customer_id: string | null;
}

/**
 * Normalises an Uzbek mobile number to E.164 (`+998XXXXXXXXX`): "+998 90 123-45-67",
 * "998901234567", "90 123 45 67" and "8 90 123 45 67" all become `+998901234567`; null otherwise.
 */
export function normaliseUzPhone(input: string): string | null {
  const digits = input.trim().replace(/[\s\-().]/g, '');
  const match = /^(?:\+?998|8)?(\d{9})$/.exec(digits);
  return match ? `+998${match[1]}` : null;
}

export class CustomerService {
  constructor(private readonly till: TillContext) {}

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
