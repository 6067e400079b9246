import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Consumer cursors move in `(txid, id)` order (see events.ts): a transaction that started earlier
 * can take a higher event id than one that started later, so an id-only cursor could step past
 * an event still in flight. The cursor keeps the txid of its last event; a cursor written before
 * this column existed has NULL and is resolved from its position's event on first use.
 */
export class KitConsumerOrder1764700000000 implements MigrationInterface {
  name = 'KitConsumerOrder1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE events.consumer_cursor ADD COLUMN txid xid8');
    await q.query('CREATE INDEX event_txid_id_idx ON events.event (txid, id)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX events.event_txid_id_idx');
    await q.query('ALTER TABLE events.consumer_cursor DROP COLUMN txid');
  }
}
