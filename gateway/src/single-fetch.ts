/**
 * Which operations are one fetch to one subgraph, and what the gateway would send for them.
 *
 * The query planner (the same `@apollo/query-planner` the gateway runs, over the same supergraph)
 * plans each operation once per parsed document; an operation qualifies when its plan is a single
 * `Fetch` node with no entity representations (`requires`) and no data rewrites, when it selects
 * no introspection, and when every input object and enum its variables can reach accepts in the
 * supergraph exactly what it accepts in that subgraph's own SDL. The last condition makes the
 * gateway's own variable coercion (against the API schema) never stricter than the subgraph's —
 * a shared input type or enum may be composed as the intersection of its definitions — and custom
 * scalars accept any value at the gateway: what the gateway would refuse, the subgraph refuses.
 *
 * For such an operation the fetch's data has the shape the client asked for once the
 * `__typename` fields the planner added (for abstract types) are removed: this is checked here by
 * printing the fetch's selection, less those fields, against the client's. An operation with
 * fragments, or any other difference, is still a single fetch (its body can be sent and replayed
 * into the usual path) but not {@link SingleFetch.sameShape}.
 */
import { operationFromDocument, Supergraph } from '@apollo/federation-internals';
import { type FetchNode, QueryPlanner } from '@apollo/query-planner';
import {
  type DocumentNode,
  type FieldNode,
  Kind,
  type OperationDefinitionNode,
  parse,
  print,
  type SelectionSetNode,
  type TypeNode,
} from 'graphql';

/** Where the subgraph's data carries a `__typename` the client did not select (by response key). */
export interface TypenameMask {
  strip: boolean;
  children: Map<string, TypenameMask>;
}

export interface SingleFetch {
  fetch: FetchNode;
  operationKind: 'query' | 'mutation';
  /** The fetch's data is the client's answer once {@link mask} is applied. */
  sameShape: boolean;
  mask: TypenameMask | null;
}

const INTROSPECTION = new Set(['__schema', '__type']);

const responseKey = (field: FieldNode) => field.alias?.value ?? field.name.value;

const isPlainTypename = (s: SelectionSetNode['selections'][number]) =>
  s.kind === Kind.FIELD && s.name.value === '__typename' && !s.alias && !s.directives?.length;

function selectsIntrospection(set: SelectionSetNode | undefined): boolean {
  return (set?.selections ?? []).some((s) =>
    s.kind === Kind.FIELD
      ? INTROSPECTION.has(s.name.value) || selectsIntrospection(s.selectionSet)
      : s.kind === Kind.INLINE_FRAGMENT && selectsIntrospection(s.selectionSet),
  );
}

/**
 * The fetch's selection less the `__typename` fields the client's selection lacks at the same
 * place, and the mask saying where they were removed.
 */
function prune(
  fetched: SelectionSetNode,
  wanted: SelectionSetNode | undefined,
): { set: SelectionSetNode; mask: TypenameMask } {
  const strip = fetched.selections.some(isPlainTypename) && !(wanted?.selections ?? []).some(isPlainTypename);
  const mask: TypenameMask = { strip, children: new Map() };
  const byKey = new Map<string, FieldNode>();
  for (const s of wanted?.selections ?? []) if (s.kind === Kind.FIELD) byKey.set(responseKey(s), s);
  const selections: SelectionSetNode['selections'][number][] = [];
  for (const s of fetched.selections) {
    if (strip && isPlainTypename(s)) continue;
    if (s.kind !== Kind.FIELD || !s.selectionSet) {
      selections.push(s);
      continue;
    }
    const inner = prune(s.selectionSet, byKey.get(responseKey(s))?.selectionSet);
    mask.children.set(responseKey(s), inner.mask);
    selections.push({ ...s, selectionSet: inner.set });
  }
  return { set: { ...fetched, selections }, mask };
}

/** True when the mask removes nothing anywhere (the data can be passed on untouched). */
function stripsNothing(mask: TypenameMask): boolean {
  return !mask.strip && [...mask.children.values()].every(stripsNothing);
}

/** The mask when the fetch's selection, pruned, prints as the client's; else null. */
function shapeMask(fetch: FetchNode, operation: OperationDefinitionNode): TypenameMask | null | false {
  const document = fetch.operationDocumentNode ?? parse(fetch.operation, { noLocation: true });
  const fetched = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!fetched || document.definitions.length !== 1) return false;
  const { set, mask } = prune(fetched.selectionSet, operation.selectionSet);
  if (print(set) !== print(operation.selectionSet)) return false;
  return stripsNothing(mask) ? null : mask;
}

/**
 * Each input object and enum of an SDL as what its values accept: the enum's values, or the input
 * fields with their types and defaults (descriptions and directives left out), and the named
 * types of its fields.
 */
function inputTypes(sdl: string): Map<string, { accepts: string; fields: TypeNode[] }> {
  const types = new Map<string, { accepts: string; fields: TypeNode[] }>();
  for (const definition of parse(sdl, { noLocation: true }).definitions) {
    if (definition.kind === Kind.ENUM_TYPE_DEFINITION) {
      const values = (definition.values ?? []).map((v) => v.name.value).sort();
      types.set(definition.name.value, { accepts: values.join(' '), fields: [] });
    } else if (definition.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
      const fields = definition.fields ?? [];
      const accepts = fields
        .map((f) => `${f.name.value}:${print(f.type)}=${f.defaultValue ? print(f.defaultValue) : ''}`)
        .sort();
      types.set(definition.name.value, { accepts: accepts.join(' '), fields: fields.map((f) => f.type) });
    }
  }
  return types;
}

const namedType = (type: TypeNode): string =>
  type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);

export interface SingleFetchPlanner {
  /**
   * The single fetch of `document`'s `operation`, or null. Remembered by `key` (Apollo's hash of
   * the query text and the operation name; bounded).
   */
  plan(key: string, document: DocumentNode, operation: OperationDefinitionNode): SingleFetch | null;
}

/** Plans remembered (cleared when full: a burst of distinct texts costs planning, never memory). */
const MAX_PLANS = 2_000;

/**
 * @param subgraphSdls each subgraph's own SDL by name (`schema/<name>.graphql`): an operation
 *   qualifies only if every input object and enum its variables reach accepts in the supergraph
 *   exactly what it accepts in the subgraph.
 * @param gatewayPlanner the gateway's own query planner, once it has loaded the supergraph (the
 *   plans are then the executor's, and no second set of query graphs is held); without it a
 *   planner is built here.
 */
export function createSingleFetchPlanner(
  supergraphSdl: string,
  subgraphSdls: ReadonlyMap<string, string>,
  gatewayPlanner: () => QueryPlanner | undefined = () => undefined,
): SingleFetchPlanner {
  let planner: QueryPlanner | undefined;
  const plannerOf = () => {
    planner ??= gatewayPlanner() ?? new QueryPlanner(Supergraph.build(supergraphSdl));
    return planner;
  };
  const composed = inputTypes(supergraphSdl);
  const own = new Map([...subgraphSdls].map(([name, sdl]) => [name, inputTypes(sdl)]));
  const plans = new Map<string, SingleFetch | null>();

  /** Every input object and enum reachable from `type` accepts the same at the gateway and in `service`. */
  function sameInputs(type: TypeNode, service: string, seen = new Set<string>()): boolean {
    const name = namedType(type);
    if (seen.has(name)) return true;
    seen.add(name);
    const gateway = composed.get(name);
    if (!gateway) return true; // a scalar: the gateway accepts any value of a custom one
    if (own.get(service)?.get(name)?.accepts !== gateway.accepts) return false;
    return gateway.fields.every((field) => sameInputs(field, service, seen));
  }

  function build(document: DocumentNode, operation: OperationDefinitionNode): SingleFetch | null {
    if (operation.operation === 'subscription' || selectsIntrospection(operation.selectionSet)) return null;
    const { supergraph } = plannerOf();
    const plan = plannerOf().buildQueryPlan(
      operationFromDocument(supergraph.apiSchema(), document, { operationName: operation.name?.value }),
    );
    const fetch = plan.node;
    if (fetch?.kind !== 'Fetch' || fetch.requires || fetch.inputRewrites?.length) return null;
    if (fetch.outputRewrites?.length || fetch.contextRewrites?.length || fetch.hasDefers) return null;
    const service = fetch.serviceName;
    if (!(operation.variableDefinitions ?? []).every((v) => sameInputs(v.type, service))) return null;
    const mask = document.definitions.length === 1 ? shapeMask(fetch, operation) : false;
    return { fetch, operationKind: operation.operation, sameShape: mask !== false, mask: mask || null };
  }

  return {
    plan(key, document, operation) {
      if (plans.has(key)) return plans.get(key) ?? null;
      if (plans.size >= MAX_PLANS) plans.clear();
      const single = build(document, operation);
      plans.set(key, single);
      return single;
    },
  };
}

/** Removes, in place, the `__typename` keys `mask` marks from a fetch's data. */
export function applyTypenameMask(value: unknown, mask: TypenameMask | null): void {
  if (!mask || value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    for (const item of value) applyTypenameMask(item, mask);
    return;
  }
  const record = value as Record<string, unknown>;
  if (mask.strip) delete record.__typename;
  for (const [key, child] of mask.children) applyTypenameMask(record[key], child);
}
