import { type RunningService, type SubgraphEnv, startSubgraph } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { webhookConsumer } from './consumers/webhook.consumer.ts';
import { webhookSettings } from './env.ts';
import { createResolvers } from './resolvers/index.ts';
import { startDeliveryWorker } from './worker/delivery-worker.ts';

export { WEBHOOK_CONSUMER, webhookConsumer } from './consumers/webhook.consumer.ts';
export { type WebhookSettings, webhookSettings } from './env.ts';
export { WEBHOOK_EVENT_TYPES, webhookBody } from './services/public-event.ts';
export { signWebhook, verifyWebhookSignature } from './services/signature.ts';
export { sendDue, startDeliveryWorker } from './worker/delivery-worker.ts';
export { migrations };
/** The subgraph's tables are reached with SQL only: no TypeORM entities. */
export const entities = [];

export interface IntegrationsOptions {
  /** Run the delivery consumer in this process (default true; tests may drive it themselves). */
  consumers?: boolean;
}

/**
 * Starts the integrations subgraph (webhook endpoints and deliveries) with its delivery consumer
 * and, unless `WEBHOOK_WORKER` is off, the sender (used by main.ts, the dev launcher and tests).
 */
export function startIntegrations(
  env: SubgraphEnv & Record<string, unknown>,
  host?: string,
  options: IntegrationsOptions = {},
): Promise<RunningService> {
  const settings = webhookSettings(env);
  return startSubgraph({
    name: 'integrations',
    env,
    resolvers: createResolvers(settings),
    entities,
    host,
    consumers: options.consumers === false ? [] : [webhookConsumer],
    background: settings.worker
      ? ({ dataSource, log }) => startDeliveryWorker({ dataSource, settings, log })
      : undefined,
  });
}
