/**
 * Every code the identity sources return is documented in `IdentityErrorCode` (schema/identity.graphql),
 * with a description, and every code documented there is still returned.
 */
import { checkErrorRegistry } from '@jowi/server-kit/testing';
import { expect, it } from 'vitest';

it('documents exactly the error codes the identity sources return', async () => {
  const report = await checkErrorRegistry({
    schema: new URL('../../../../schema/identity.graphql', import.meta.url),
    enumName: 'IdentityErrorCode',
    sourceDir: new URL('..', import.meta.url),
  });
  expect(report.undocumented).toEqual([]);
  expect(report.unused).toEqual([]);
  expect(report.undescribed).toEqual([]);
});
