import { FiscalInit1764300000600 } from './1764300000600-fiscal-init.ts';
import { FiscalCentral1764900000600 } from './1764900000600-fiscal-central.ts';

/** Every migration of the fiscal schema, in order. */
export const migrations = [FiscalInit1764300000600, FiscalCentral1764900000600];
