/**
 * Every code the sales sources return is documented in `SalesErrorCode` (schema/sales.graphql),
 * with a description, and every code documented there is still returned.
 */
import { checkErrorRegistry } from '@jowi/server-kit/testing';
import { expect, it } from 'vitest';

it('documents exactly the error codes the sales sources return', async () => {
  const report = await checkErrorRegistry({
    schema: new URL('../../../../schema/sales.graphql', import.meta.url),
    enumName: 'SalesErrorCode',
    sourceDir: new URL('..', import.meta.url),
  });
  expect(report.undocumented).toEqual([]);
  expect(report.unused).toEqual([]);
  expect(report.undescribed).toEqual([]);
});
