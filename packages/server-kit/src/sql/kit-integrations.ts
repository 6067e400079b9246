import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The integrations subgraph (webhooks, issue 16) joins the event log: its runtime role gets what
 * the earlier kit migrations granted every runtime role — appending and reading events, its own
 * consumer cursors and parked events. (Those migrations name the roles of their day; a role added
 * later is granted here.)
 */
export class KitIntegrations1765200000000 implements MigrationInterface {
  name = 'KitIntegrations1765200000000';

  async up(q: QueryRunner): Promise<void> {
    const statements = [
      'GRANT SELECT, INSERT ON events.event TO jowi_integrations',
      'GRANT USAGE ON SEQUENCE events.event_id_seq TO jowi_integrations',
      'GRANT SELECT, INSERT, UPDATE ON events.consumer_cursor TO jowi_integrations',
      'GRANT SELECT, INSERT, UPDATE, DELETE ON events.parked_event TO jowi_integrations',
      'GRANT SELECT, INSERT ON audit.entry TO jowi_integrations',
      'GRANT USAGE ON SEQUENCE audit.entry_id_seq TO jowi_integrations',
    ];
    for (const sql of statements) await q.query(sql);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      'REVOKE ALL ON events.event, events.consumer_cursor, events.parked_event FROM jowi_integrations',
    );
    await q.query('REVOKE USAGE ON SEQUENCE events.event_id_seq FROM jowi_integrations');
    await q.query('REVOKE ALL ON audit.entry FROM jowi_integrations');
    await q.query('REVOKE USAGE ON SEQUENCE audit.entry_id_seq FROM jowi_integrations');
  }
}
