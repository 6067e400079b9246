import { type RunningService, type SubgraphEnv, startSubgraph } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { CashMovementEntity } from './entities/cash-movement.entity.ts';
import { RefundEntity, RefundLineEntity, RefundPaymentEntity } from './entities/refund.entity.ts';
import { SaleEntity } from './entities/sale.entity.ts';
import { SaleLineEntity } from './entities/sale-line.entity.ts';
import { SalePaymentEntity } from './entities/sale-payment.entity.ts';
import { ShiftEntity } from './entities/shift.entity.ts';
import { resolvers } from './resolvers/index.ts';
import { catalogConsumer } from './services/catalog-consumer.ts';
import { customerMergeConsumer } from './services/customer-merge-consumer.ts';
import { directoryConsumer } from './services/directory-consumer.ts';
import { reportExportRoute } from './services/reports/report-export.ts';

export { applyDemoData } from './demo.ts';
export { READ_PERMISSION } from './services/sale.service.ts';
export { type SaleContent, validateSale } from './services/sale-content.ts';
export { MAX_BATCH, SYNC_PERMISSION } from './services/sync-sales.service.ts';
export { migrations };
export const entities = [
  SaleEntity,
  SaleLineEntity,
  SalePaymentEntity,
  ShiftEntity,
  CashMovementEntity,
  RefundEntity,
  RefundLineEntity,
  RefundPaymentEntity,
];

/** Starts the sales subgraph (used by main.ts, the dev launcher and tests). PORT defaults to 4003 via env.ts. */
export function startSales(env: SubgraphEnv, host?: string): Promise<RunningService> {
  return startSubgraph({
    name: 'sales',
    env,
    resolvers,
    entities,
    host,
    consumers: [directoryConsumer, customerMergeConsumer, catalogConsumer],
    serviceRoutes: reportExportRoute,
  });
}
