/**
 * The registry check itself, on a small made-up subgraph: it finds codes in each place a
 * service writes them, and reports what the SDL lacks, what it documents for nothing, and
 * values without a description.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkErrorRegistry } from './error-registry.ts';

const dir = mkdtempSync(join(tmpdir(), 'jowi-registry-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function fixture(files: Record<string, string>): string {
  const root = mkdtempSync(join(dir, 'case-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
  return root;
}

const SCHEMA = `
"Codes."
enum ShopErrorCode {
  "No such thing."
  UNKNOWN_THING
  "Bad name."
  INVALID_NAME
  "Kept for old clients."
  OLD_CODE @deprecated(reason: "Use UNKNOWN_THING")
  NO_DESCRIPTION
}
`;

describe('checkErrorRegistry', () => {
  it('finds codes in userError calls, typed helpers, code properties and typed declarations', async () => {
    const root = fixture({
      'schema.graphql': SCHEMA,
      'src/services/thing.ts': `
        import { userError } from '../errors/index.ts';
        const reject = (path: string[], code: ShopErrorCode, message: string) => userError(code, message, path);
        class ThingError { constructor(readonly code: ShopErrorCode, message: string) {} }
        export function a(x: boolean) {
          if (x) return userError('UNKNOWN_THING', 'No such thing');
          reject(['input'], x ? 'INVALID_NAME' : 'SOLD_OUT', 'Bad');
          throw new ThingError('OUT_OF_STOCK', 'Gone');
        }
        export const b = { __typename: 'ThingError', code: 'NO_DESCRIPTION', message: 'x' };
        const map: Record<string, ShopErrorCode> = { x: 'MAPPED_CODE' };
        const status = 'CREATED';
        const elsewhere = somethingElse('NOT_A_CODE');
        const thrown = new GraphQLError('x', { extensions: { code: 'BAD_USER_INPUT' } });`,
      'src/services/thing.spec.ts': `userError('ONLY_IN_A_SPEC', 'x');`,
      'src/__generated__/types.ts': `userError('ONLY_GENERATED', 'x');`,
      'src/worker/device.ts': `const failure = { code: 'PAPER_OUT', message: 'device code' };`,
    });
    const report = await checkErrorRegistry({
      schema: join(root, 'schema.graphql'),
      enumName: 'ShopErrorCode',
      sourceDir: join(root, 'src'),
      exclude: { worker: 'device failure codes, not user errors' },
    });
    expect(Object.keys(report.used).sort()).toEqual([
      'INVALID_NAME',
      'MAPPED_CODE',
      'NO_DESCRIPTION',
      'OUT_OF_STOCK',
      'SOLD_OUT',
      'UNKNOWN_THING',
    ]);
    expect(report.used.UNKNOWN_THING).toEqual(['services/thing.ts:6']);
    expect(report.undocumented.map((u) => u.code)).toEqual(['MAPPED_CODE', 'OUT_OF_STOCK', 'SOLD_OUT']);
    expect(report.deprecated).toEqual(['OLD_CODE']);
    expect(report.undescribed).toEqual(['NO_DESCRIPTION']);
    expect(report.unused).toEqual([]);
  });

  it('reports documented codes nothing returns, and a deprecated code still in use', async () => {
    const root = fixture({
      'schema.graphql': SCHEMA,
      'src/a.ts': `userError('UNKNOWN_THING', 'x'); userError('OLD_CODE', 'still here');`,
    });
    const report = await checkErrorRegistry({
      schema: join(root, 'schema.graphql'),
      enumName: 'ShopErrorCode',
      sourceDir: join(root, 'src'),
    });
    expect(report.unused).toEqual(['INVALID_NAME', 'NO_DESCRIPTION']);
    expect(report.undocumented).toEqual([{ code: 'OLD_CODE', at: ['a.ts:1'] }]);
  });

  it('fails loudly when the SDL has no such enum', async () => {
    const root = fixture({ 'schema.graphql': SCHEMA, 'src/a.ts': '' });
    await expect(
      checkErrorRegistry({
        schema: join(root, 'schema.graphql'),
        enumName: 'Nope',
        sourceDir: join(root, 'src'),
      }),
    ).rejects.toThrow(/no enum Nope/);
  });
});
