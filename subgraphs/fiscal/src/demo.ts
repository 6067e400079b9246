import type { AddressInfo } from 'node:net';
import { createFiscalGateway, EposDriver, startSimulator } from '@jowi/fiscal-gateway';
import { inTenant, newId } from '@jowi/server-kit';
import type { DataSource } from 'typeorm';
import { upsertProductRef } from './services/catalog-projection.ts';
import { registerDevice } from './services/device.service.ts';

/** The part of a demo tenant this subgraph seeds from (structurally a `DemoTenant`). */
export interface DemoFiscalTenant {
  id: string;
  stores: { id: string }[];
  products?: { id: string; name: string; ikpu: string; packageCode: string; vatRate: number }[];
}

/** Demo fiscal module ids: `UZ1912115010` + a two-digit number, unique across the demo tenants. */
export const demoTerminalId = (index: number): string => `UZ1912115010${String(index).padStart(2, '0')}`;

/**
 * Seeds one fiscal module per demo store (idempotent: a device is keyed by its terminal id),
 * and the catalog projection of the demo products as catalog's events would fill it (only
 * products it does not know yet), as the runtime role under RLS. Receipts are not seeded: they
 * come from sales.
 */
export async function applyDemoData(dataSource: DataSource, tenants: DemoFiscalTenant[]): Promise<void> {
  let index = 0;
  for (const tenant of tenants) {
    await inTenant(dataSource, tenant.id, async (m) => {
      for (const p of tenant.products ?? []) {
        const product = { ...p, ownerType: 'RESALE' as const, markingRequired: false, seq: null };
        await upsertProductRef(m, tenant.id, product, { ifAbsent: true });
      }
      for (const store of tenant.stores) {
        index += 1;
        await m.query(
          `INSERT INTO fiscal.device (tenant_id, id, terminal_id, store_id, model, status)
           VALUES ($1, $2, $3, $4, 'Jowi FM simulator', 'OK')
           ON CONFLICT (tenant_id, terminal_id) DO NOTHING`,
          [tenant.id, newId(), demoTerminalId(index), store.id],
        );
      }
    });
  }
}

/** The demo tenants' terminals, as this subgraph needs them (structurally a `DemoTenant`). */
export interface DemoTerminalTenant {
  id: string;
  stores: { id: string; terminals: { id: string }[] }[];
}

/**
 * Registers, in each demo tenant, one CENTRAL device for the simulator's fiscal module served by
 * the fiscal gateway at `gatewayUrl`, and binds every demo POS terminal to it — unless the
 * terminal is already bound (e.g. to a local device). Idempotent; run at each `npm start`, so a
 * changed gateway URL is picked up.
 */
export async function registerDemoCentralDevices(
  dataSource: DataSource,
  tenants: DemoTerminalTenant[],
  device: { terminalId: string; gatewayUrl: string },
): Promise<void> {
  for (const tenant of tenants) {
    await inTenant(dataSource, tenant.id, (m) =>
      registerDevice(m, tenant.id, {
        terminalId: device.terminalId,
        mode: 'CENTRAL',
        gatewayUrl: device.gatewayUrl,
        model: 'E-POS simulator (virtual register)',
        posTerminalIds: tenant.stores.flatMap((s) => s.terminals.map((t) => t.id)),
      }),
    );
  }
}

/** A fiscal module simulator with a fiscal gateway in front of it, for `npm start`. */
export interface DemoFiscalDevice {
  /** The simulated E-POS Communicator's JSON-RPC URL. */
  simulatorUrl: string;
  /** Base URL of the simulator (fault injection under `/control`). */
  simulatorBaseUrl: string;
  /** Base URL of the fiscal gateway (`POST /receipts`, `/status`, …). */
  gatewayUrl: string;
  /** The simulated FM's terminal id. */
  terminalId: string;
  close(): Promise<void>;
}

/**
 * Starts the E-POS simulator (state in `<dataDir>/fiscal-simulator.json`) and a fiscal gateway
 * with the E-POS driver pointed at it (journal in `<dataDir>/fiscal-journal.jsonl`).
 */
export async function startDemoFiscalDevice(options: {
  dataDir: string;
  simulatorPort?: number;
  gatewayPort?: number;
  host?: string;
}): Promise<DemoFiscalDevice> {
  const host = options.host ?? '127.0.0.1';
  const simulator = await startSimulator({
    stateFile: `${options.dataDir}/fiscal-simulator.json`,
    port: options.simulatorPort ?? 3448,
    host,
  });
  try {
    const gateway = await createFiscalGateway({
      driver: new EposDriver({ url: simulator.rpcUrl }),
      journalFile: `${options.dataDir}/fiscal-journal.jsonl`,
    });
    await gateway.listen({ port: options.gatewayPort ?? 3449, host });
    const port = (gateway.server.address() as AddressInfo).port;
    return {
      simulatorUrl: simulator.rpcUrl,
      simulatorBaseUrl: simulator.baseUrl,
      gatewayUrl: `http://${host}:${port}`,
      terminalId: simulator.fm.terminalId,
      async close() {
        await gateway.close();
        await simulator.close();
      },
    };
  } catch (error) {
    await simulator.close();
    throw error;
  }
}
