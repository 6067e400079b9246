import { type Resolvers, type RunningService, type SubgraphEnv, startSubgraph } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { StockLevelEntity } from './entities/stock-level.entity.ts';
import { StockMovementEntity } from './entities/stock-movement.entity.ts';
import { resolvers } from './resolvers/index.ts';

export { applyDemoData, OPENING_BALANCE } from './demo.ts';
export type { MovementKind, StockMovementRow } from './entities/stock-movement.entity.ts';
export {
  type MovementInput,
  type MovementResult,
  recordMovement,
  recordMovementIn,
} from './services/movement.service.ts';
export { migrations };
export const entities = [StockMovementEntity, StockLevelEntity];

/** Starts the inventory subgraph (used by main.ts, the dev launcher and tests). PORT defaults to 4004. */
export function startInventory(env: SubgraphEnv, host?: string): Promise<RunningService> {
  return startSubgraph({ name: 'inventory', env, resolvers: resolvers as Resolvers, entities, host });
}
