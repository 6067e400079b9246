/**
 * Integrators read the schema as the documentation (ARCHITECTURE §5): every type, field,
 * argument, input field and enum value of a subgraph's SDL has a description. Arguments count
 * too — a query's `first` or a mutation's `input` says what it is, its units, limits and default.
 *
 * Checked for every subgraph's SDL.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type DocumentNode, Kind, parse } from 'graphql';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const COVERED = ['identity', 'customers', 'inventory', 'fiscal', 'integrations', 'catalog', 'sales'] as const;

/** Every schema element of a document that has no description, as `Type.field(arg)` paths. */
function undescribed(document: DocumentNode): string[] {
  const missing: string[] = [];
  const need = (node: { description?: unknown }, path: string) => {
    if (!node.description) missing.push(path);
  };
  for (const def of document.definitions) {
    if (!('name' in def) || !def.name || def.kind === Kind.DIRECTIVE_DEFINITION) continue;
    const type = def.name.value;
    // Extensions (`extend type`) have no description: they add to a type described where it is owned.
    if ('description' in def) need(def, type);
    if ('fields' in def) {
      for (const field of def.fields ?? []) {
        need(field, `${type}.${field.name.value}`);
        const args = 'arguments' in field ? (field.arguments ?? []) : [];
        for (const arg of args) need(arg, `${type}.${field.name.value}(${arg.name.value})`);
      }
    }
    if ('values' in def) for (const value of def.values ?? []) need(value, `${type}.${value.name.value}`);
  }
  return missing;
}

const sdl = (subgraph: string) => parse(readFileSync(join(ROOT, 'schema', `${subgraph}.graphql`), 'utf8'));

describe('schema descriptions', () => {
  it('finds an argument without a description (the check itself works)', () => {
    const document = parse(`"Reads." type Query { "One thing." thing(id: ID!): String }`);
    expect(undescribed(document)).toEqual(['Query.thing(id)']);
  });

  it.each(COVERED)('describes every type, field, argument and enum value of %s', (subgraph) => {
    expect(undescribed(sdl(subgraph))).toEqual([]);
  });
});
