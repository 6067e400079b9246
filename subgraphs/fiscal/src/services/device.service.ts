/**
 * Fiscal devices: the tenant's fiscal modules, how each is reached (LOCAL through the POS,
 * CENTRAL through a fiscal gateway), which POS terminals it serves, and its last health.
 */
import { newId, type RequestContext, requireAnyPermission } from '@jowi/server-kit';
import { type EntityManager, In } from 'typeorm';
import { DeviceEntity, type DeviceRow } from '../entities/device.entity.ts';
import { ShiftEntity, type ShiftRow } from '../entities/shift.entity.ts';
import { READ_PERMISSIONS } from './access.ts';
import type { FiscalMode } from './receipt-state.ts';
import { validUuids } from './uuid.ts';

/** The tenant's fiscal modules, ordered by terminal id. */
export async function listDevices(ctx: RequestContext): Promise<DeviceRow[]> {
  requireAnyPermission(ctx, READ_PERMISSIONS);
  return ctx.tx((m) => m.getRepository(DeviceEntity).find({ order: { terminalId: 'ASC' } }));
}

/** Devices an operator must look at: a dead-lettered receipt, a lock, no paper, cover open. */
export async function devicesNeedingAttention(ctx: RequestContext): Promise<DeviceRow[]> {
  requireAnyPermission(ctx, READ_PERMISSIONS);
  return ctx.tx(async (m) => {
    const ids: { id: string }[] = await m.query(
      `SELECT id FROM fiscal.device
        WHERE attention_code IS NOT NULL OR fm_locked OR paper_ok = false OR cover_open
        ORDER BY terminal_id`,
    );
    if (ids.length === 0) return [];
    const rows = await m.getRepository(DeviceEntity).findBy({ id: In(ids.map((r) => r.id)) });
    return rows.sort((a, b) => a.terminalId.localeCompare(b.terminalId));
  });
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

/** POS terminals bound to a device, batched per request. */
export async function posTerminalsOf(ctx: RequestContext, deviceId: string): Promise<string[]> {
  const loader = ctx.loaders.get<string, string[]>('fiscal-device-terminals', async (deviceIds) => {
    const rows: { device_id: string; pos_terminal_id: string }[] = await ctx.tx((m) =>
      m.query(
        `SELECT device_id, pos_terminal_id FROM fiscal.pos_terminal
          WHERE device_id = ANY($1::uuid[]) ORDER BY pos_terminal_id`,
        [validUuids(deviceIds)],
      ),
    );
    return deviceIds.map((id) => rows.filter((r) => r.device_id === id).map((r) => r.pos_terminal_id));
  });
  return loader.load(deviceId);
}

/** Recent shifts of a device, newest first. */
export async function shiftsOf(ctx: RequestContext, deviceId: string): Promise<ShiftRow[]> {
  const loader = ctx.loaders.get<string, ShiftRow[]>('fiscal-device-shifts', async (deviceIds) => {
    const wanted = validUuids(deviceIds);
    const rows = wanted.length
      ? await ctx.tx((m) =>
          m
            .getRepository(ShiftEntity)
            .find({ where: { deviceId: In(wanted) }, order: { zNumber: 'DESC' }, take: 20 * wanted.length }),
        )
      : [];
    return deviceIds.map((id) => rows.filter((r) => r.deviceId === id).slice(0, 20));
  });
  return loader.load(deviceId);
}

/**
 * Marks the fiscal module that just registered a receipt as seen and working, creating it on
 * first sight (a local device first seen through an upload; its store is not known from a
 * receipt). A registration clears the device's dead-letter flag.
 */
export async function touchDevice(m: EntityManager, tenantId: string, terminalId: string): Promise<void> {
  await m.query(
    `INSERT INTO fiscal.device (tenant_id, id, terminal_id, status, last_seen_at)
     VALUES ($1, $2, $3, 'OK', now())
     ON CONFLICT (tenant_id, terminal_id) DO UPDATE
       SET status = 'OK', last_seen_at = EXCLUDED.last_seen_at, attention_code = NULL, last_error_code = NULL`,
    [tenantId, newId(), terminalId],
  );
}

export interface DeviceRegistration {
  /** FM terminal id, e.g. `UZ191211501033`. */
  terminalId: string;
  mode: FiscalMode;
  gatewayUrl?: string | null;
  storeId?: string | null;
  model?: string | null;
  /** POS terminals whose sales this device fiscalises. */
  posTerminalIds?: string[];
  /** Rebind terminals already bound to another device (default: leave them). */
  rebind?: boolean;
}

/**
 * Registers (or updates) a device and binds POS terminals to it, in the caller's tenant
 * transaction. Idempotent. Without `rebind`, a terminal already bound elsewhere keeps its device
 * — so a terminal configured with a local device stays local.
 */
export async function registerDevice(
  m: EntityManager,
  tenantId: string,
  input: DeviceRegistration,
): Promise<string> {
  const rows: { id: string }[] = await m.query(
    `INSERT INTO fiscal.device (tenant_id, id, terminal_id, store_id, model, mode, gateway_url, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'OK')
     ON CONFLICT (tenant_id, terminal_id) DO UPDATE
       SET mode = EXCLUDED.mode, gateway_url = EXCLUDED.gateway_url,
           store_id = coalesce(EXCLUDED.store_id, fiscal.device.store_id),
           model = coalesce(EXCLUDED.model, fiscal.device.model)
     RETURNING id`,
    [
      tenantId,
      newId(),
      input.terminalId,
      input.storeId ?? null,
      input.model ?? null,
      input.mode,
      input.gatewayUrl ?? null,
    ],
  );
  const deviceId = rows[0]!.id;
  for (const posTerminalId of input.posTerminalIds ?? []) {
    await m.query(
      `INSERT INTO fiscal.pos_terminal (tenant_id, pos_terminal_id, device_id) VALUES ($1, $2, $3)
       ON CONFLICT (tenant_id, pos_terminal_id) DO ${input.rebind ? 'UPDATE SET device_id = EXCLUDED.device_id' : 'NOTHING'}`,
      [tenantId, posTerminalId, deviceId],
    );
  }
  return deviceId;
}

/** The device a POS terminal is bound to, in the current tenant transaction. */
export async function deviceOfTerminal(m: EntityManager, posTerminalId: string): Promise<DeviceRow | null> {
  const rows: { device_id: string }[] = await m.query(
    'SELECT device_id FROM fiscal.pos_terminal WHERE pos_terminal_id = $1',
    [posTerminalId],
  );
  if (!rows[0]) return null;
  return m.getRepository(DeviceEntity).findOneBy({ id: rows[0].device_id });
}
