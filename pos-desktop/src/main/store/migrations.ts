/**
 * The local store's schema, one entry per version (index 0 = version 1). Append only: a
 * released migration is never edited, and none may drop an outbox entry that is not `done`.
 */
export interface Migration {
  name: string;
  sql: string;
}

export const MIGRATIONS: Migration[] = [
  {
    name: 'outbox, receipts, state, PIN verifiers',
    sql: `
      -- One row per command the till decided: the durable queue the sync loop uploads.
      -- seq is the per-terminal sequence (AUTOINCREMENT: never reused, even after a delete).
      CREATE TABLE outbox (
        seq           INTEGER PRIMARY KEY AUTOINCREMENT,
        id            TEXT NOT NULL UNIQUE,            -- the document's client UUID (v7)
        command       TEXT NOT NULL,                   -- e.g. recordSale.v1
        terminal_id   TEXT NOT NULL,
        payload       TEXT NOT NULL,                   -- the command's full JSON payload
        device_time   TEXT NOT NULL,
        state         TEXT NOT NULL CHECK (state IN ('held', 'pending', 'done', 'parked', 'discarded')),
        attempts      INTEGER NOT NULL DEFAULT 0,
        result_status TEXT,                            -- CREATED | DUPLICATE | CONFLICT | REJECTED | RETRY_LIMIT
        error_code    TEXT,
        error_message TEXT,
        created_at    TEXT NOT NULL,
        updated_at    TEXT NOT NULL,
        synced_at     TEXT
      );
      CREATE INDEX outbox_state ON outbox (state, seq);

      -- What the till keeps about its own sales and refunds beside the outbox payload.
      CREATE TABLE receipt (
        document_id    TEXT PRIMARY KEY REFERENCES outbox (id),
        kind           TEXT NOT NULL CHECK (kind IN ('sale', 'refund')),
        shift_id       TEXT NOT NULL,
        receipt_number INTEGER,
        local          TEXT NOT NULL,                  -- JSON: line nets, change, fiscal items
        fiscal         TEXT,                           -- JSON: the fiscal module's answer
        print_count    INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX receipt_shift ON receipt (shift_id);

      -- Small state: the open shift, counters, PIN throttle.
      CREATE TABLE kv (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
      );

      -- Offline PIN sign-in: an argon2id hash of each cashier's PIN, cached at their last online
      -- sign-in on this till. Never the PIN itself.
      CREATE TABLE pin_verifier (
        staff_id    TEXT PRIMARY KEY,
        name        TEXT NOT NULL,
        roles       TEXT NOT NULL,
        permissions TEXT NOT NULL,
        pin_hash    TEXT NOT NULL,
        verified_at TEXT NOT NULL
      );
    `,
  },
  {
    name: 'customers registered at the till',
    sql: `
      -- A customer registered at the till; its upload is the registerCustomer.v1 outbox entry of
      -- the same id. One row per phone: registering a known phone again answers the same customer.
      CREATE TABLE customer (
        id            TEXT PRIMARY KEY REFERENCES outbox (id),
        phone         TEXT NOT NULL UNIQUE,
        name          TEXT,
        registered_at TEXT NOT NULL,
        sync_status   TEXT CHECK (sync_status IN ('CREATED', 'DUPLICATE', 'LINKED')),
        customer_id   TEXT                             -- the id that won on the server
      );
    `,
  },
];
