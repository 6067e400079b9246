import { type Resolvers, startSubgraph, type RunningService, type SubgraphEnv } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { CustomerEntity } from './entities/customer.entity.ts';
import { resolvers } from './resolvers/index.ts';

export { migrations };
export { applyDemoData } from './demo.ts';
export const entities = [CustomerEntity];

/** Starts the customers subgraph (used by main.ts, the dev launcher and tests). */
export function startCustomers(env: SubgraphEnv, host?: string): Promise<RunningService> {
  return startSubgraph({ name: 'customers', env, resolvers: resolvers as Resolvers, entities, host });
}
