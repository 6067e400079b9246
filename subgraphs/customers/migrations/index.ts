import { CustomersInit1764300000100 } from './1764300000100-customers-init.ts';
import { CustomersLoyalty1764600000500 } from './1764600000500-customers-loyalty.ts';
import { CustomersDropLoyaltySkipped1765000000500 } from './1765000000500-drop-loyalty-skipped.ts';
import { CustomerAliases1765100000500 } from './1765100000500-customer-aliases.ts';

/** Every migration of the customers schema, in order. */
export const migrations = [
  CustomersInit1764300000100,
  CustomersLoyalty1764600000500,
  CustomersDropLoyaltySkipped1765000000500,
  CustomerAliases1765100000500,
];
