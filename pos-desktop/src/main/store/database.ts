/**
 * The till's local store: one SQLite file per paired terminal (better-sqlite3, synchronous).
 *
 * Durability is the point. The file runs in WAL mode with `synchronous=FULL`, so a transaction
 * that returned has been fsynced: a sale written to the outbox survives a power cut that comes
 * one instruction later. Writes are synchronous calls on the main process's thread — each is a
 * few hundred microseconds on a till's SSD, and nothing can interleave inside one.
 *
 * The schema has versioned migrations of its own (`migrations.ts`), applied in one transaction
 * per version at open; `PRAGMA user_version` records the version reached. Migrations only ever
 * carry data forward: a pending sale must never be lost to an upgrade.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { MIGRATIONS } from './migrations.ts';

/** An open store. */
export type Store = Database.Database;

/** Opens (creating if needed) the store at `file` and migrates it to the latest version. */
export function openStore(file: string): Store {
  // Sales and PIN verifiers: readable by the till's own user only.
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const db = new Database(file);
  try {
    chmodSync(file, 0o600);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    // Another process (a second host started by mistake) waits instead of failing at once.
    db.pragma('busy_timeout = 5000');
    migrate(db);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** The schema version the store is at. */
export function schemaVersion(db: Store): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Applies every migration above the store's version, each in its own transaction. */
export function migrate(db: Store): number {
  let version = schemaVersion(db);
  if (version > MIGRATIONS.length) {
    throw new Error(
      `the local store is at schema version ${version}, newer than this app (${MIGRATIONS.length}); ` +
        'install the newer app again — the data is kept',
    );
  }
  for (const migration of MIGRATIONS.slice(version)) {
    db.transaction(() => {
      db.exec(migration.sql);
      version += 1;
      db.pragma(`user_version = ${version}`);
    })();
  }
  return version;
}

/** A small key → JSON value table for the till's state (open shift, counters, throttles). */
export class KeyValue {
  private readonly getStmt;
  private readonly putStmt;
  private readonly delStmt;

  constructor(db: Store) {
    this.getStmt = db.prepare<[string], { value: string }>('SELECT value FROM kv WHERE key = ?');
    this.putStmt = db.prepare<[string, string]>(
      'INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    );
    this.delStmt = db.prepare<[string]>('DELETE FROM kv WHERE key = ?');
  }

  get<T>(key: string): T | null {
    const row = this.getStmt.get(key);
    return row ? (JSON.parse(row.value) as T) : null;
  }

  set(key: string, value: unknown): void {
    this.putStmt.run(key, JSON.stringify(value));
  }

  delete(key: string): void {
    this.delStmt.run(key);
  }
}
