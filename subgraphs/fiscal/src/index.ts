import type { RunningService, SubgraphEnv } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { DeviceEntity } from './entities/device.entity.ts';
import { ReceiptEntity } from './entities/receipt.entity.ts';
import { resolvers } from './resolvers/index.ts';
import { startMercuriusSubgraph } from './server.ts';

export { applyDemoData } from './demo.ts';
export { migrations };
export const entities = [DeviceEntity, ReceiptEntity];

/** Starts the fiscal subgraph on mercurius (used by main.ts, the dev launcher and tests). */
export function startFiscal(env: SubgraphEnv, host?: string): Promise<RunningService> {
  return startMercuriusSubgraph({ name: 'fiscal', env, resolvers, entities, host });
}
