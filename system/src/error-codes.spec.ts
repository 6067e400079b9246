/**
 * Every subgraph's error-code registry (docs/decisions.md, "Errors: one code, one channel"): each
 * `UserError.code` its sources return is a described value of its `<Subgraph>ErrorCode` enum, and
 * every value still documented there (not `@deprecated`) is returned somewhere. Codegen already
 * refuses an undocumented code at compile time; this reads the sources, so it also sees casts and
 * hand-built error objects, and it notices documentation that outlived its code.
 */
import { SUBGRAPHS, type SubgraphName } from '@jowi/server-kit';
import { checkErrorRegistry } from '@jowi/server-kit/testing';
import { describe, expect, it } from 'vitest';

const REGISTRIES: Record<SubgraphName, { enumName: string; exclude?: Record<string, string> }> = {
  identity: { enumName: 'IdentityErrorCode' },
  catalog: { enumName: 'CatalogErrorCode' },
  sales: { enumName: 'SalesErrorCode' },
  inventory: { enumName: 'InventoryErrorCode' },
  customers: { enumName: 'CustomersErrorCode' },
  fiscal: {
    enumName: 'FiscalErrorCode',
    // The central worker records the fiscal module's failure codes on receipts
    // (`FiscalReceipt.lastErrorCode`, documented there), never as a FiscalUserError.
    exclude: { central: 'fiscal module failure codes, not user errors' },
  },
  integrations: { enumName: 'IntegrationsErrorCode' },
};

const repo = new URL('../../', import.meta.url);

describe.each(SUBGRAPHS)('the %s subgraph', (subgraph) => {
  it('documents exactly the error codes its sources return', async () => {
    const report = await checkErrorRegistry({
      schema: new URL(`schema/${subgraph}.graphql`, repo),
      sourceDir: new URL(`subgraphs/${subgraph}/src/`, repo),
      ...REGISTRIES[subgraph],
    });
    expect(report.undocumented).toEqual([]);
    expect(report.unused).toEqual([]);
    expect(report.undescribed).toEqual([]);
    expect(Object.keys(report.used).length).toBeGreaterThan(0);
  });
});
