import { type Resolvers, type RunningService, type SubgraphEnv, startSubgraph } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { CustomerEntity } from './entities/customer.entity.ts';
import { resolvers } from './resolvers/index.ts';

export { applyDemoData } from './demo.ts';
export { migrations };
export const entities = [CustomerEntity];

/** Starts the customers subgraph (used by main.ts, the dev launcher and tests). */
export function startCustomers(env: SubgraphEnv, host?: string): Promise<RunningService> {
  return startSubgraph({ name: 'customers', env, resolvers: resolvers as Resolvers, entities, host });
}
