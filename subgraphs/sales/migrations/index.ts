import { SalesInit1764300000300 } from './1764300000300-sales-init.ts';
import { ShiftsRefunds1764600000300 } from './1764600000300-shifts-refunds.ts';

/** Every migration of the sales schema, in order. */
export const migrations = [SalesInit1764300000300, ShiftsRefunds1764600000300];
