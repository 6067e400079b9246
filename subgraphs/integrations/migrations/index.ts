import { IntegrationsWebhooks1765200000700 } from './1765200000700-integrations-webhooks.ts';

/** Every migration of the integrations schema, in order. */
export const migrations = [IntegrationsWebhooks1765200000700];
