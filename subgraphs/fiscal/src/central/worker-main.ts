/**
 * A worker-only fiscal process: the BullMQ worker and the reconciler, without the GraphQL
 * server or the sale-event consumer (`tsx src/central/worker-main.ts`). Run more of them to
 * scale central fiscalization out; the tests also run one as a child process to kill it
 * mid-job. Environment: DATABASE_URL, DB_ROLE_PASSWORD, REDIS_URL, LOG_LEVEL and the FISCAL_*
 * settings of `config.ts`.
 */
import {
  baseEnvSchema,
  closeOnSignals,
  createDataSource,
  createLogger,
  loadConfig,
  roleUrl,
  runtimeRole,
} from '@jowi/server-kit';
import { DeviceEntity } from '../entities/device.entity.ts';
import { ReceiptEntity } from '../entities/receipt.entity.ts';
import { ShiftEntity } from '../entities/shift.entity.ts';
import { centralEnvSchema } from './config.ts';
import { startCentralFiscalization } from './index.ts';

const env = loadConfig(baseEnvSchema.extend(centralEnvSchema.shape));
const log = createLogger('fiscal-worker', env.LOG_LEVEL);
const dataSource = createDataSource({
  url: roleUrl(env.DATABASE_URL, runtimeRole('fiscal'), env.DB_ROLE_PASSWORD),
  schema: 'fiscal',
  entities: [DeviceEntity, ReceiptEntity, ShiftEntity],
  poolSize: env.DB_POOL_SIZE,
  applicationName: 'jowi-fiscal-worker',
});
await dataSource.initialize();
const central = startCentralFiscalization({ dataSource, redisUrl: env.REDIS_URL, log, config: env });
log.info({ mode: central.dispatcher.mode }, 'fiscal worker ready');
closeOnSignals(log, async () => {
  await central.stop();
  await dataSource.destroy();
});
