import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFile } from './check-boundaries.ts';

const ROOT = resolve(import.meta.dirname, '..');
const at = (path: string) => join(ROOT, path);

describe('import boundaries', () => {
  it('refuses a subgraph importing another subgraph, by package name or by relative path', () => {
    const byName = checkFile(at('subgraphs/sales/src/x.ts'), "import { migrations } from '@jowi/catalog';");
    expect(byName).toEqual([expect.objectContaining({ specifier: '@jowi/catalog' })]);
    const byPath = checkFile(
      at('subgraphs/sales/src/services/x.ts'),
      "import { y } from '../../../inventory/src/services/stock.service.ts';",
    );
    expect(byPath[0]?.reason).toMatch(/subgraph must not import subgraphs\/inventory/);
  });

  it('refuses a package importing a subgraph or an application', () => {
    expect(checkFile(at('packages/server-kit/src/x.ts'), "export * from '@jowi/identity';")).toHaveLength(1);
    expect(
      checkFile(at('packages/ui/src/x.tsx'), "const m = await import('../../../web-admin/src/a.ts');"),
    ).toHaveLength(1);
  });

  it('allows packages, own files, the system harness in tests, and tools', () => {
    const source = [
      "import { inTenant } from '@jowi/server-kit';",
      "import { a } from './a.ts';",
      "import { b } from '../services/b.ts';",
    ].join('\n');
    expect(checkFile(at('subgraphs/sales/src/resolvers/x.ts'), source)).toEqual([]);
    expect(checkFile(at('web-admin/e2e/x.spec.ts'), "import { s } from '@jowi/system/testing';")).toEqual([]);
    expect(checkFile(at('web-admin/src/x.ts'), "import { s } from '@jowi/system/testing';")).toHaveLength(1);
    expect(checkFile(at('system/src/stack.ts'), "import { startSales } from '@jowi/sales';")).toEqual([]);
    expect(checkFile(at('bench/x.ts'), "import { startSales } from '@jowi/sales';")).toEqual([]);
  });
});
