/**
 * Identity announces the stores, terminals and staff it creates (`store.upserted`,
 * `terminal.upserted`, `staff.upserted`), in the same transaction, once: a re-seed that creates
 * nothing announces nothing.
 */
import { DEMO_TENANTS } from '@jowi/demo-data';
import { createTestDatabase, type TestDatabase } from '@jowi/server-kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyDemoData, entities, migrations } from './index.ts';
import { permissionsFor } from './services/permissions.ts';

const DEMO = DEMO_TENANTS[0]!;
let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase([{ name: 'identity', migrations }]);
});
afterAll(async () => {
  await db?.drop();
});

describe('directory events', () => {
  it('announces each demo store and terminal once, with the payload sales projects', async () => {
    const ds = await db.dataSource('identity', entities);
    await applyDemoData(ds, [DEMO]);
    await applyDemoData(ds, [DEMO]);
    const events = await db.admin<{
      tenant_id: string;
      type: string;
      aggregate_id: string;
      payload: unknown;
    }>(
      `SELECT tenant_id, type, aggregate_id, payload FROM events.event
        WHERE type IN ('store.upserted', 'terminal.upserted') AND source = 'identity' ORDER BY id`,
    );
    const expected = DEMO.stores.flatMap((store) => [
      {
        tenant_id: DEMO.id,
        type: 'store.upserted',
        aggregate_id: store.id,
        payload: { storeId: store.id, name: store.name, timeZone: store.timeZone },
      },
      ...store.terminals.map((terminal) => ({
        tenant_id: DEMO.id,
        type: 'terminal.upserted',
        aggregate_id: terminal.id,
        payload: { terminalId: terminal.id, storeId: store.id, active: true },
      })),
    ]);
    expect(expected.length).toBeGreaterThan(2);
    expect(events).toEqual(expected);
  });

  it('announces each demo staff member once with their flattened permissions (sales:discount for managers)', async () => {
    const events = await db.admin<{ aggregate_id: string; payload: { permissions: string[] } }>(
      `SELECT aggregate_id, payload FROM events.event WHERE type = 'staff.upserted' AND tenant_id = $1 ORDER BY id`,
      [DEMO.id],
    );
    expect(events.map((e) => e.aggregate_id)).toEqual(DEMO.staff.map((s) => s.id));
    const perms = (role: string) =>
      events.find((e) => e.aggregate_id === DEMO.staff.find((s) => s.roles.includes(role))!.id)!.payload
        .permissions;
    expect(perms('manager')).toContain('sales:discount');
    expect(perms('cashier')).toEqual(permissionsFor(['cashier']));
    expect(perms('cashier')).not.toContain('sales:discount');
  });
});
