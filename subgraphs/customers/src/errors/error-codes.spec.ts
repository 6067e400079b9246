/**
 * Every code the customers sources return is documented in `CustomersErrorCode` (schema/customers.graphql),
 * with a description, and every code documented there is still returned.
 */
import { checkErrorRegistry } from '@jowi/server-kit/testing';
import { expect, it } from 'vitest';

it('documents exactly the error codes the customers sources return', async () => {
  const report = await checkErrorRegistry({
    schema: new URL('../../../../schema/customers.graphql', import.meta.url),
    enumName: 'CustomersErrorCode',
    sourceDir: new URL('..', import.meta.url),
  });
  expect(report.undocumented).toEqual([]);
  expect(report.unused).toEqual([]);
  expect(report.undescribed).toEqual([]);
});
