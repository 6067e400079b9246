import type { RunningService, SubgraphEnv } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { catalogConsumer } from './central/catalog.consumer.ts';
import {
  type CentralEnv,
  type CentralFiscalization,
  centralConfig,
  saleEventsConsumer,
  startCentralFiscalization,
} from './central/index.ts';
import { DeviceEntity } from './entities/device.entity.ts';
import { ReceiptEntity } from './entities/receipt.entity.ts';
import { ShiftEntity } from './entities/shift.entity.ts';
import { resolvers } from './resolvers/index.ts';
import { startMercuriusSubgraph } from './server.ts';

export { type CentralEnv, type CentralFiscalization, centralConfig } from './central/index.ts';
export {
  applyDemoData,
  type DemoFiscalDevice,
  registerDemoCentralDevices,
  startDemoFiscalDevice,
} from './demo.ts';
export { migrations };
export const entities = [DeviceEntity, ReceiptEntity, ShiftEntity];

/** A running fiscal subgraph, with its central-mode machinery (queue, worker, reconciler). */
export interface RunningFiscal extends RunningService {
  central: CentralFiscalization;
}

/**
 * Starts the fiscal subgraph on mercurius (used by main.ts, the dev launcher and tests), with
 * the `sale.created` / `sale.refunded` consumer, the `catalog.product.upserted` consumer (its
 * catalog projection) and central fiscalization (BullMQ worker and reconciler when FISCAL_WORKER
 * is on, the default).
 */
export async function startFiscal(
  env: SubgraphEnv & Partial<Record<keyof CentralEnv, unknown>>,
  host?: string,
): Promise<RunningFiscal> {
  const config = centralConfig(env);
  let central: CentralFiscalization | null = null;
  const service = await startMercuriusSubgraph({
    name: 'fiscal',
    env,
    resolvers,
    entities,
    host,
    consumers: [saleEventsConsumer, catalogConsumer],
    background: ({ dataSource, log }) => {
      central = startCentralFiscalization({ dataSource, redisUrl: env.REDIS_URL, log, config });
      return central;
    },
  });
  if (!central) throw new Error('central fiscalization did not start');
  return Object.assign(service, { central: central as CentralFiscalization });
}
