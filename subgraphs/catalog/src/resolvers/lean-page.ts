/**
 * The product list's page built in one pass (issue 19). GraphQL execution of a 50-product page
 * resolves and completes some 350 fields one by one (argument values, resolver, leaf
 * serialisation, promise checks for each) — about as much CPU as the rest of the subgraph's work
 * on the page. For the common shape of the operation — one root `products` field whose selections
 * are only the connection's plain fields and the product's column fields, with no fragments or
 * directives — this plugin answers before execution: it coerces the arguments with graphql's own
 * functions, reads the page through the same `listProducts` (permissions, cursor checks, the
 * prepared statement, row-level security), and writes each selected field with its type's
 * `serialize`, exactly what execution would. Anything else — another field, a fragment, an
 * argument on a product field, a refused request, a value execution would report as an error —
 * returns null and the ordinary execution runs (and reports the error as it always does).
 */

import { createRequire } from 'node:module';
import type { ApolloServerPlugin, GraphQLRequestContextResponseForOperation } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import type { RequestContext } from '@jowi/server-kit';
import type { FieldNode, GraphQLField, GraphQLLeafType, GraphQLObjectType, SelectionSetNode } from 'graphql';
import { listProducts } from '../services/product.service.ts';
import { productRead } from './product-fields.ts';

/**
 * graphql's functions from the instance Apollo Server's schema was built with: Node loads
 * `graphql` for Apollo through `require` (the package has no `exports` map), while a bundler-style
 * resolver (vitest) may pick its `.mjs` copy for an `import`, and the type checks of one copy
 * refuse the other's types ("from another module or realm").
 */
const { getArgumentValues, getNamedType, getVariableValues, isLeafType, isNonNullType } = createRequire(
  import.meta.url,
)('graphql') as typeof import('graphql');

/** Product fields read straight off the page's row (the default resolver's property, no argument). */
const ROW_FIELDS = new Set([
  'id',
  'sku',
  'name',
  'price',
  'vatRate',
  'markingRequired',
  'cashlessOnly',
  'imageUrl',
  'ikpu',
  'packageCode',
  'unit',
  'active',
  'ownerType',
  'updatedAt',
]);

/** A selected field: its response key, name and, for objects, the fields below. */
interface Picked {
  key: string;
  name: string;
  node: FieldNode;
}

/** The plain fields of a selection set, or null when it holds anything else. */
function plainFields(set: SelectionSetNode | undefined, allowed: (name: string) => boolean): Picked[] | null {
  if (!set) return null;
  const picked: Picked[] = [];
  const keys = new Set<string>();
  for (const selection of set.selections) {
    if (selection.kind !== 'Field' || selection.directives?.length) return null;
    const name = selection.name.value;
    const key = selection.alias?.value ?? name;
    // A key twice (merged by execution) or an unknown field: leave it to execution.
    if (keys.has(key) || !allowed(name)) return null;
    keys.add(key);
    picked.push({ key, name, node: selection });
  }
  return picked;
}

/** A leaf's serialised value, or `undefined` where execution would report an error. */
function leaf(field: GraphQLField<unknown, unknown>, value: unknown): unknown {
  const type = getNamedType(field.type) as GraphQLLeafType;
  if (value === null || value === undefined) return isNonNullType(field.type) ? undefined : null;
  const out = type.serialize(value);
  return out === null || out === undefined ? undefined : out;
}

/** The page's response data, or null to let execution answer. */
async function leanPage(rc: GraphQLRequestContextResponseForOperation<RequestContext>) {
  const { operation, document, schema } = rc;
  if (operation.operation !== 'query' || operation.directives?.length) return null;
  if (document.definitions.length !== 1) return null; // fragments or other operations
  const root = plainFields(operation.selectionSet, (name) => name === 'products');
  if (root?.length !== 1) return null;
  const [products] = root as [Picked];
  const connectionFields = plainFields(products.node.selectionSet, (n) =>
    ['edges', 'pageInfo', '__typename'].includes(n),
  );
  if (!connectionFields) return null;
  let edgeFields: Picked[] = [];
  let nodeFields: Picked[] = [];
  let infoFields: Picked[] = [];
  for (const f of connectionFields) {
    if (f.name === 'edges') {
      const fields = plainFields(f.node.selectionSet, (n) => ['cursor', 'node', '__typename'].includes(n));
      if (!fields) return null;
      edgeFields = fields;
      for (const e of fields) {
        if (e.name !== 'node') continue;
        const product = plainFields(e.node.selectionSet, (n) => n === '__typename' || ROW_FIELDS.has(n));
        if (!product || product.some((p) => p.node.arguments?.length)) return null;
        nodeFields = product;
      }
    } else if (f.name === 'pageInfo') {
      const fields = plainFields(f.node.selectionSet, (n) =>
        ['hasNextPage', 'endCursor', '__typename'].includes(n),
      );
      if (!fields) return null;
      infoFields = fields;
    }
  }

  const queryType = schema.getQueryType()!;
  const variables = getVariableValues(
    schema,
    operation.variableDefinitions ?? [],
    rc.request.variables ?? {},
  );
  if (variables.errors) return null;
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(queryType.getFields().products!, products.node, variables.coerced);
  } catch {
    return null; // an argument execution refuses: it reports it
  }
  const columns = productRead(new Set(nodeFields.map((f) => f.name)))?.columns;
  let page: Awaited<ReturnType<typeof listProducts>>;
  try {
    page = await listProducts(rc.contextValue, args, columns);
  } catch {
    return null; // execution asks again and reports the error its way
  }

  const productFields = (schema.getType('Product') as GraphQLObjectType).getFields();
  if (
    nodeFields.some((p) => p.name !== '__typename' && !isLeafType(getNamedType(productFields[p.name]!.type)))
  )
    return null;
  const infoType = schema.getType('PageInfo') as GraphQLObjectType;
  const edges: Record<string, unknown>[] = [];
  for (const edge of page.edges) {
    const out: Record<string, unknown> = {};
    for (const f of edgeFields) {
      if (f.name === '__typename') out[f.key] = 'ProductEdge';
      else if (f.name === 'cursor') out[f.key] = edge.cursor;
      else {
        const row = edge.node as unknown as Record<string, unknown>;
        const node: Record<string, unknown> = {};
        for (const p of nodeFields) {
          if (p.name === '__typename') node[p.key] = 'Product';
          else {
            const value = leaf(productFields[p.name]!, row[p.name]);
            if (value === undefined) return null;
            node[p.key] = value;
          }
        }
        out[f.key] = node;
      }
    }
    edges.push(out);
  }
  const info: Record<string, unknown> = {};
  for (const f of infoFields) {
    if (f.name === '__typename') info[f.key] = 'PageInfo';
    else {
      const value = leaf(infoType.getFields()[f.name]!, page.pageInfo[f.name as 'hasNextPage']);
      if (value === undefined) return null;
      info[f.key] = value;
    }
  }
  const connection: Record<string, unknown> = {};
  for (const f of connectionFields) {
    if (f.name === '__typename') connection[f.key] = 'ProductConnection';
    else connection[f.key] = f.name === 'edges' ? edges : info;
  }
  return { [products.key]: connection };
}

/** Answers the plain product page before execution (see above); everything else executes. */
export const leanProductPage: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async responseForOperation(rc) {
        // A value its type refuses to serialise: execution reports it (with the field's path).
        const data = await leanPage(rc).catch(() => null);
        if (!data) return null;
        return {
          http: { status: undefined, headers: new HeaderMap() },
          body: { kind: 'single', singleResult: { data } },
        };
      },
    };
  },
};
