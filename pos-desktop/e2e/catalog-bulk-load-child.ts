/**
 * A till's first sync in a process of its own, to be killed (catalog-bulk-crash.spec.ts): a bulk
 * load of `pages` pages of `size` generated products into the store at `file`, stored as the sync
 * stores them — by the writer thread (reported first: `writer thread <id>`) — each page's cursor
 * being its last product's number, reported on stdout once committed.
 */
import { CatalogStore } from '../src/main/catalog/catalog-store.ts';
import { startWorkerWriter } from '../src/main/catalog/catalog-writer.ts';
import { loadRows, page } from './catalog-pages.ts';

const [file, size, pages] = [process.argv[2]!, Number(process.argv[3]), Number(process.argv[4])];
const store = new CatalogStore(file);
store.beginBulkLoad();
const writer = await startWorkerWriter(store);
process.stdout.write(`writer thread ${writer.threadId}\n`);
for (let p = 0; p < pages; p++) {
  const last = (p + 1) * size;
  await writer.apply(page(loadRows(p * size + 1, last)), String(last));
  process.stdout.write(`applied ${last}\n`);
}
await writer.endBulkLoad();
await writer.close();
store.close();
