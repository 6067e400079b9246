import { DEMO_PASSWORD, type DemoTenant } from '@jowi/demo-data';
import { inTenant } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import { announceStore, announceTerminal } from './services/directory-events.ts';
import { hashSecret } from './services/password.ts';
import { announceStaff, ensureBuiltInRoles } from './services/role.service.ts';

/**
 * Seeds this subgraph's part of the demo data (idempotent), as its runtime role under RLS:
 * tenants, stores, terminals, staff (password `DEMO_PASSWORD`; cashiers also get their PIN) and
 * the login directory. New stores and terminals are announced with `store.upserted` /
 * `terminal.upserted` events in the same transaction. Existing rows are left alone, and staff that already exist are not
 * re-hashed (argon2 is deliberately slow).
 */
export async function applyDemoData(dataSource: DataSource, tenants: DemoTenant[]): Promise<void> {
  for (const tenant of tenants) {
    const existing = await inTenant(dataSource, tenant.id, async (m) => {
      const rows: { id: string }[] = await m.query('SELECT id FROM identity.staff WHERE tenant_id = $1', [
        tenant.id,
      ]);
      return new Set(rows.map((r) => r.id));
    });
    const missing = tenant.staff.filter((s) => !existing.has(s.id));
    const hashes = new Map<string, { password: string; pin: string | null }>();
    for (const s of missing) {
      hashes.set(s.id, {
        password: await hashSecret(DEMO_PASSWORD),
        pin: s.pin && s.roles.includes('cashier') ? await hashSecret(s.pin) : null,
      });
    }

    await inTenant(dataSource, tenant.id, async (m) => {
      await m.query(
        'INSERT INTO identity.tenant (id, slug, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING',
        [tenant.id, tenant.slug, tenant.name],
      );
      // Built-in role rows (ids, reserved names); their permissions stay in code.
      await ensureBuiltInRoles(m, tenant.id);
      for (const store of tenant.stores) {
        // New stores and terminals are announced (sales projects them); existing ones were then.
        const storeRows: unknown[] = await m.query(
          `INSERT INTO identity.store (tenant_id, id, name, address, tax_id, time_zone)
           VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING RETURNING id`,
          [tenant.id, store.id, store.name, store.address, store.taxId, store.timeZone],
        );
        if (storeRows.length > 0) await announceStore(m, tenant.id, store);
        for (const terminal of store.terminals) {
          const terminalRows: unknown[] = await m.query(
            `INSERT INTO identity.terminal (tenant_id, id, store_id, name) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING RETURNING id`,
            [tenant.id, terminal.id, store.id, terminal.name],
          );
          if (terminalRows.length > 0) {
            await announceTerminal(m, tenant.id, { id: terminal.id, storeId: store.id, active: true });
          }
        }
      }
      for (const s of tenant.staff) {
        const hash = hashes.get(s.id);
        if (hash) {
          const staffRows: unknown[] = await m.query(
            `INSERT INTO identity.staff (tenant_id, id, email, name, roles, password_hash, pin_hash)
             VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING id`,
            [tenant.id, s.id, s.email?.toLowerCase() ?? null, s.name, s.roles, hash.password, hash.pin],
          );
          if (staffRows.length > 0) await announceStaff(m, tenant.id, [{ ...s, active: true }]);
        }
        if (s.email) {
          await m.query(
            `INSERT INTO identity.login_directory (email, tenant_id, staff_id) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING`,
            [s.email.toLowerCase(), tenant.id, s.id],
          );
        }
      }
    });
  }
}
