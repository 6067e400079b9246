/**
 * The resolver types must really check what resolvers return: codegen maps GraphQL types to
 * entity or model modules (never into services, whose internals would then leak into the
 * schema's types), has no `Partial<T>` default mapper, and no subgraph casts its resolver map.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../codegen.ts';

const ROOT = resolve(import.meta.dirname, '..');

type ResolverOutput = { config?: { defaultMapper?: string; mappers?: Record<string, string> } };
const resolverOutputs = Object.entries(config.generates).filter(([path]) =>
  path.endsWith('resolvers-types.ts'),
) as [string, ResolverOutput][];

function* sourceFiles(folder: string): Generator<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (entry.name === '__generated__') continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts')) yield path;
  }
}

describe('codegen resolver types', () => {
  it('covers every subgraph', () => {
    expect(resolverOutputs.map(([path]) => path.split('/')[1]).sort()).toEqual(
      readdirSync(join(ROOT, 'subgraphs')).sort(),
    );
  });

  it('has no default mapper, and maps only to entity or model modules or packages', () => {
    for (const [path, output] of resolverOutputs) {
      expect(output.config?.defaultMapper, path).toBeUndefined();
      for (const [type, target] of Object.entries(output.config?.mappers ?? {})) {
        expect(target, `${path}: ${type}`).toMatch(
          /^(\.\.\/(entities|models)\/[a-z0-9.-]+\.ts|@jowi\/[a-z-]+)#/,
        );
      }
    }
  });

  it('is not cast away when a subgraph starts', () => {
    const casts = [...sourceFiles(join(ROOT, 'subgraphs'))].filter((file) =>
      /\bas Resolvers\b/.test(readFileSync(file, 'utf8')),
    );
    expect(casts).toEqual([]);
  });
});
