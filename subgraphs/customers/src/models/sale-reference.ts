import type { EntityReference } from '@jowi/server-kit';

/** A sale (owned by sales) as the gateway hands it to customers: its key and `@requires(customerId)`. */
export interface SaleReference extends EntityReference {
  customerId?: string | null;
}
