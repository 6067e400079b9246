import { newId, type RequestContext } from '@jowi/server-kit';
import { type EntityManager, In } from 'typeorm';
import { DeviceEntity, type DeviceRow } from '../entities/device.entity.ts';
import { READ_PERMISSIONS, requireAnyPermission } from './access.ts';
import { validUuids } from './uuid.ts';

/** The tenant's fiscal modules, ordered by terminal id. */
export async function listDevices(ctx: RequestContext): Promise<DeviceRow[]> {
  requireAnyPermission(ctx, READ_PERMISSIONS);
  return ctx.tx((m) => m.getRepository(DeviceEntity).find({ order: { terminalId: 'ASC' } }));
}

/** A device by id through this request's loader (federation references). */
export async function deviceById(ctx: RequestContext, id: string): Promise<DeviceRow | null> {
  requireAnyPermission(ctx, READ_PERMISSIONS);
  const loader = ctx.loaders.get<string, DeviceRow | null>('fiscal-device-by-id', async (ids) => {
    const wanted = validUuids(ids);
    const rows = wanted.length
      ? await ctx.tx((m) => m.getRepository(DeviceEntity).findBy({ id: In(wanted) }))
      : [];
    const byId = new Map(rows.map((r) => [r.id, r]));
    return ids.map((key) => byId.get(key) ?? null);
  });
  return loader.load(id.toLowerCase());
}

/**
 * Marks the fiscal module that just registered a receipt as seen and working, creating it on
 * first sight. Its store is not known from a receipt, so a new device starts without one.
 */
export async function touchDevice(m: EntityManager, tenantId: string, terminalId: string): Promise<void> {
  await m.query(
    `INSERT INTO fiscal.device (tenant_id, id, terminal_id, status, last_seen_at)
     VALUES ($1, $2, $3, 'OK', now())
     ON CONFLICT (tenant_id, terminal_id) DO UPDATE SET status = 'OK', last_seen_at = EXCLUDED.last_seen_at`,
    [tenantId, newId(), terminalId],
  );
}
