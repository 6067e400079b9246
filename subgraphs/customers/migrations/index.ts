import { CustomersInit1764300000100 } from './1764300000100-customers-init.ts';

/** Every migration of the customers schema, in order. */
export const migrations = [CustomersInit1764300000100];
