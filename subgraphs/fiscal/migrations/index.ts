import { FiscalInit1764300000600 } from './1764300000600-fiscal-init.ts';

/** Every migration of the fiscal schema, in order. */
export const migrations = [FiscalInit1764300000600];
