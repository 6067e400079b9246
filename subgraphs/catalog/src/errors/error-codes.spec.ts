/**
 * Every code the catalog sources return is documented in `CatalogErrorCode` (schema/catalog.graphql),
 * with a description, and every code documented there is still returned.
 */
import { checkErrorRegistry } from '@jowi/server-kit/testing';
import { expect, it } from 'vitest';

it('documents exactly the error codes the catalog sources return', async () => {
  const report = await checkErrorRegistry({
    schema: new URL('../../../../schema/catalog.graphql', import.meta.url),
    enumName: 'CatalogErrorCode',
    sourceDir: new URL('..', import.meta.url),
  });
  expect(report.undocumented).toEqual([]);
  expect(report.unused).toEqual([]);
  expect(report.undescribed).toEqual([]);
});
