import { CatalogInit1764300000200 } from './1764300000200-catalog-init.ts';

/** Every migration of the catalog schema, in order. */
export const migrations = [CatalogInit1764300000200];
