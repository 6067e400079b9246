import { CatalogInit1764300000200 } from './1764300000200-catalog-init.ts';
import { CatalogScale1764500000100 } from './1764500000100-catalog-scale.ts';
import { ArchiveCategoriesModifiers1764500000200 } from './1764500000200-archive-categories-modifiers.ts';
import { ImportJobs1765100000100 } from './1765100000100-import-jobs.ts';
import { ProductCashlessOnly1765100000200 } from './1765100000200-product-cashless-only.ts';
import { ProductNameCoveringIndex1765900000200 } from './1765900000200-product-name-covering-index.ts';
import { ProductFeed1766000000300 } from './1766000000300-product-feed.ts';

/** Every migration of the catalog schema, in order. */
export const migrations = [
  CatalogInit1764300000200,
  CatalogScale1764500000100,
  ArchiveCategoriesModifiers1764500000200,
  ImportJobs1765100000100,
  ProductCashlessOnly1765100000200,
  ProductNameCoveringIndex1765900000200,
  ProductFeed1766000000300,
];
