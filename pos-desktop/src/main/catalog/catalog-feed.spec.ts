/**
 * The catalog feed's requests over real HTTP: every one carries the app version
 * (`x-jowi-client-version`) and the session's token, and a refused session is refreshed once.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { graphQLCatalogFeed } from './catalog-feed.ts';

const COLUMNS = ['sku', 'name', 'nameRu', 'nameEn', 'price', 'vatRate', 'ikpu', 'packageCode', 'unit'];
const MORE = ['categoryId', 'active', 'markingRequired', 'ownerType', 'imageUrl', 'barcodes', 'storePrices'];
const EMPTY_COLUMNS = Object.fromEntries([
  ['ids', ''],
  ...[...COLUMNS, ...MORE, 'modifierGroupIds'].map((c) => [c, []]),
]);
const seen: IncomingHttpHeaders[] = [];
const server = createServer((req, res) => {
  seen.push(req.headers);
  req.resume();
  // The first token is refused; the refreshed one gets an empty last page.
  const ok = req.headers.authorization === 'Bearer fresh';
  res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
  res.end(
    ok
      ? JSON.stringify({
          data: {
            catalogChanges: {
              cursor: '7',
              hasMore: false,
              compact: {
                format: 1,
                products: EMPTY_COLUMNS,
                categories: [],
                modifierGroups: [],
                deleted: [],
              },
            },
          },
        })
      : JSON.stringify({ errors: [{ message: 'unauthenticated' }] }),
  );
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

it('sends the client version and the session token, refreshing a refused one', async () => {
  let token = 'stale';
  const feed = graphQLCatalogFeed({
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`,
    clientVersion: 'pos-desktop/9.8.7',
    auth: {
      accessToken: async () => token,
      refresh: async () => {
        token = 'fresh';
        return true;
      },
    },
  });
  const page = await feed.page(null);
  expect(page).toMatchObject({ cursor: '7', hasMore: false, page: { products: { count: 0, ids: [] } } });
  expect(seen.map((h) => [h['x-jowi-client-version'], h.authorization])).toEqual([
    ['pos-desktop/9.8.7', 'Bearer stale'],
    ['pos-desktop/9.8.7', 'Bearer fresh'],
  ]);
});
