import { SalesInit1764300000300 } from './1764300000300-sales-init.ts';

/** Every migration of the sales schema, in order. */
export const migrations = [SalesInit1764300000300];
