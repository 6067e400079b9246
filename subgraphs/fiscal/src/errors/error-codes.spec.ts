/**
 * Every code the fiscal sources return is documented in `FiscalErrorCode` (schema/fiscal.graphql),
 * with a description, and every code documented there is still returned.
 */
import { checkErrorRegistry } from '@jowi/server-kit/testing';
import { expect, it } from 'vitest';

it('documents exactly the error codes the fiscal sources return', async () => {
  const report = await checkErrorRegistry({
    schema: new URL('../../../../schema/fiscal.graphql', import.meta.url),
    enumName: 'FiscalErrorCode',
    sourceDir: new URL('..', import.meta.url),
    // The central worker records the fiscal module's failure codes on receipts
    // (`FiscalReceipt.lastErrorCode`, documented there), never as a FiscalUserError.
    exclude: { central: 'fiscal module failure codes, not user errors' },
  });
  expect(report.undocumented).toEqual([]);
  expect(report.unused).toEqual([]);
  expect(report.undescribed).toEqual([]);
});
