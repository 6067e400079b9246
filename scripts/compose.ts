/**
 * Composes schema/<subgraph>.graphql into schema/supergraph.graphql (loaded by the gateway) and
 * schema/api.graphql (the public API without federation machinery, used by front-end codegen
 * and integrators). Composition errors are printed and the script exits non-zero.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { composeServices } from '@apollo/composition';
import { SUBGRAPH_NAMES, SUBGRAPH_PORTS } from '@jowi/system/infra';
import { lexicographicSortSchema, parse, printSchema } from 'graphql';

const root = new URL('../schema/', import.meta.url);

const result = composeServices(
  SUBGRAPH_NAMES.map((name) => ({
    name,
    url: `http://localhost:${SUBGRAPH_PORTS[name]}/graphql`,
    typeDefs: parse(readFileSync(new URL(`${name}.graphql`, root), 'utf8')),
  })),
);

if (result.errors) {
  console.error(`Composition failed with ${result.errors.length} error(s):`);
  for (const error of result.errors) console.error(`  - ${error.message}`);
  process.exit(1);
}
const hints = result.hints ?? [];
if (process.argv.includes('--verbose')) for (const hint of hints) console.warn(`hint: ${hint.toString()}`);
else if (hints.length) console.log(`${hints.length} composition hint(s); run with --verbose to see them`);

writeFileSync(new URL('supergraph.graphql', root), `${result.supergraphSdl.trim()}\n`);
const api = lexicographicSortSchema(result.schema.toAPISchema().toGraphQLJSSchema());
writeFileSync(new URL('api.graphql', root), `${printSchema(api)}\n`);
console.log('composed schema/supergraph.graphql and schema/api.graphql');
