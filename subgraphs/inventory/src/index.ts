import { type RunningService, type SubgraphEnv, startSubgraph } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { stockFromSalesConsumer } from './consumers/stock-from-sales.consumer.ts';
import { StockLevelEntity } from './entities/stock-level.entity.ts';
import { StockMovementEntity } from './entities/stock-movement.entity.ts';
import { resolvers } from './resolvers/index.ts';

export {
  applySalesEvent,
  applyStockEvents,
  readStockEvent,
  recordSourcedMovements,
  SALE_CREATED,
  SALE_REFUNDED,
  type SalesEvent,
  STOCK_FROM_SALES,
  type StockEvent,
  stockFromSalesConsumer,
} from './consumers/stock-from-sales.consumer.ts';
export { applyDemoData, demoUnitCost, OPENING_BALANCE } from './demo.ts';
export type { StockLevelRow } from './entities/stock-level.entity.ts';
export type { MovementKind, SourceKind, StockMovementRow } from './entities/stock-movement.entity.ts';
export {
  type LevelCheck,
  type LevelMismatch,
  verifyLevels,
  verifyTenantLevels,
} from './services/level-check.service.ts';
export {
  type MovementInput,
  type MovementResult,
  type NewMovement,
  recordMovement,
  recordMovementIn,
  STOCK_LOW,
  writeMovements,
} from './services/movement.service.ts';
export { expandRecipe } from './services/recipe.service.ts';
export { listNegativeStock, stockOf } from './services/stock.service.ts';
export { divRoundHalfUp, movingAverage } from './services/stock-levels.ts';
export { migrations };
export const entities = [StockMovementEntity, StockLevelEntity];

/**
 * Starts the inventory subgraph (used by main.ts, the dev launcher and tests). PORT defaults to
 * 4004. It consumes the sales events into the stock ledger (woken through REDIS_URL when set).
 */
export function startInventory(env: SubgraphEnv, host?: string): Promise<RunningService> {
  return startSubgraph({
    name: 'inventory',
    env,
    resolvers,
    entities,
    host,
    consumers: [stockFromSalesConsumer],
  });
}
