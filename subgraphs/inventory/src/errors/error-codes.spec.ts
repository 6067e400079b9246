/**
 * Every code the inventory sources return is documented in `InventoryErrorCode` (schema/inventory.graphql),
 * with a description, and every code documented there is still returned.
 */
import { checkErrorRegistry } from '@jowi/server-kit/testing';
import { expect, it } from 'vitest';

it('documents exactly the error codes the inventory sources return', async () => {
  const report = await checkErrorRegistry({
    schema: new URL('../../../../schema/inventory.graphql', import.meta.url),
    enumName: 'InventoryErrorCode',
    sourceDir: new URL('..', import.meta.url),
  });
  expect(report.undocumented).toEqual([]);
  expect(report.unused).toEqual([]);
  expect(report.undescribed).toEqual([]);
});
