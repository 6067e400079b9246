import { type RunningService, type SubgraphEnv, startSubgraph } from '@jowi/server-kit';
import { migrations } from '../migrations/index.ts';
import { CategoryEntity } from './entities/category.entity.ts';
import { ProductEntity } from './entities/product.entity.ts';
import { ProductBarcodeEntity } from './entities/product-barcode.entity.ts';
import { resolvers } from './resolvers/index.ts';
import { leanProductPage } from './resolvers/lean-page.ts';

export { applyDemoData } from './demo.ts';
export { checkBarcode, gs1CheckDigitOk } from './services/barcode.ts';
export { CHUNK as IMPORT_CHUNK, type ImportResult, importTable } from './services/import.service.ts';
export { type ImportTable, parseCsv, parseXlsx } from './services/import-parse.ts';
export { PRODUCT_UPSERTED } from './services/product-write.service.ts';
export { migrations };
export const entities = [CategoryEntity, ProductEntity, ProductBarcodeEntity];

/** Starts the catalog subgraph (used by main.ts, the dev launcher and tests). PORT defaults to 4002. */
export function startCatalog(env: SubgraphEnv, host?: string): Promise<RunningService> {
  return startSubgraph({ name: 'catalog', env, resolvers, entities, host, plugins: [leanProductPage] });
}
