import { type RunningService, type SubgraphEnv, startSubgraph } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { loyaltyConsumer } from './consumers/loyalty.consumer.ts';
import { CustomerEntity } from './entities/customer.entity.ts';
import { LoyaltyAccountEntity, LoyaltyEntryEntity, LoyaltyProgramEntity } from './entities/loyalty.entity.ts';
import { resolvers } from './resolvers/index.ts';

export {
  applyLoyaltyEvent,
  LOYALTY_CONSUMER,
  LOYALTY_EVENT_TYPES,
  type LoyaltyEvent,
  LoyaltyEventError,
  type LoyaltyOutcome,
  loyaltyConsumer,
  saleWithoutCustomer,
} from './consumers/loyalty.consumer.ts';
export { applyDemoData } from './demo.ts';
export { type AccountMismatch, verifyLoyaltyAccounts } from './services/ledger.ts';
export { migrations };
export const entities = [CustomerEntity, LoyaltyEntryEntity, LoyaltyAccountEntity, LoyaltyProgramEntity];

export interface CustomersOptions {
  /** Run the loyalty consumer in this process (default true; tests drive it themselves). */
  consumers?: boolean;
}

/** Starts the customers subgraph and its loyalty consumer (used by main.ts, the dev launcher and tests). */
export function startCustomers(
  env: SubgraphEnv,
  host?: string,
  options: CustomersOptions = {},
): Promise<RunningService> {
  return startSubgraph({
    name: 'customers',
    env,
    resolvers,
    entities,
    host,
    consumers: options.consumers === false ? [] : [loyaltyConsumer],
  });
}
