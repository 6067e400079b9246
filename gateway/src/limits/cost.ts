/**
 * Query cost: how many points an operation may cost, computed from the operation and its
 * variables before anything runs, and what it did cost, from the response.
 *
 * The model is Apollo's demand control, with the weights written in the subgraphs' SDL as
 * Federation's `@cost(weight:)` and `@listSize(...)` directives (composed into the supergraph):
 * - a field returning an object, interface or union costs 1, a scalar or enum 0, a root
 *   mutation field 10 — unless the field (or its type) carries `@cost(weight: N)`;
 * - a list multiplies the cost of one element by its size: the value of its slicing argument
 *   (`first`/`last`; a list-valued one such as `input.sales` counts its length), else its
 *   `assumedSize`, else {@link DEFAULT_LIST_SIZE};
 * - `@listSize(sizedFields: ["edges"])` on a connection field hands that size to its `edges`
 *   (and `nodes`) list, so `products(first: 50) { edges { node { id } } }` costs
 *   1 + 50 × (1 + 1) = 101.
 * Fragments on different types are all counted (an upper bound); the same response key
 * selected twice counts once. Introspection fields cost {@link INTROSPECTION_COST} in all.
 *
 * A plan is compiled once per document and operation (the document object is cached by Apollo
 * Server, so the plan is too); a request only evaluates it with its variables — the actual cost
 * walks the response along the same plan, counting what came back.
 */
import {
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  Kind,
  type OperationDefinitionNode,
  parse,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';

export const DEFAULT_LIST_SIZE = 10;
export const MUTATION_WEIGHT = 10;
export const INTROSPECTION_COST = 100;

interface ListSize {
  assumedSize?: number;
  slicingArguments?: string[];
  sizedFields?: string[];
}

/** The `@cost` and `@listSize` directives of a supergraph, by `Type.field` and by type. */
export interface CostDirectives {
  fieldWeights: Map<string, number>;
  typeWeights: Map<string, number>;
  listSizes: Map<string, ListSize>;
}

function intArg(directive: DirectiveNode, name: string): number | undefined {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  return value?.kind === Kind.INT ? Number(value.value) : undefined;
}

function stringListArg(directive: DirectiveNode, name: string): string[] | undefined {
  const value = directive.arguments?.find((a) => a.name.value === name)?.value;
  if (value?.kind === Kind.LIST)
    return value.values.flatMap((v) => (v.kind === Kind.STRING ? [v.value] : []));
  if (value?.kind === Kind.STRING) return [value.value];
  return undefined;
}

/** Reads the cost directives from the supergraph SDL (`@cost`, `@listSize`, or their `cost__` names). */
export function readCostDirectives(supergraphSdl: string): CostDirectives {
  const result: CostDirectives = { fieldWeights: new Map(), typeWeights: new Map(), listSizes: new Map() };
  const isCost = (d: DirectiveNode) => d.name.value === 'cost' || d.name.value === 'cost__cost';
  const isListSize = (d: DirectiveNode) => d.name.value === 'listSize' || d.name.value === 'cost__listSize';
  for (const definition of parse(supergraphSdl, { noLocation: true }).definitions) {
    if (
      definition.kind !== Kind.OBJECT_TYPE_DEFINITION &&
      definition.kind !== Kind.OBJECT_TYPE_EXTENSION &&
      definition.kind !== Kind.INTERFACE_TYPE_DEFINITION
    )
      continue;
    const typeName = definition.name.value;
    const typeCost = definition.directives?.find(isCost);
    if (typeCost) result.typeWeights.set(typeName, intArg(typeCost, 'weight') ?? 1);
    for (const field of definition.fields ?? []) {
      const key = `${typeName}.${field.name.value}`;
      const cost = field.directives?.find(isCost);
      if (cost) result.fieldWeights.set(key, intArg(cost, 'weight') ?? 1);
      const listSize = field.directives?.find(isListSize);
      if (listSize)
        result.listSizes.set(key, {
          assumedSize: intArg(listSize, 'assumedSize'),
          slicingArguments: stringListArg(listSize, 'slicingArguments'),
          sizedFields: stringListArg(listSize, 'sizedFields'),
        });
    }
  }
  return result;
}

/** Where a list's size comes from. */
type SizeSource =
  | { kind: 'fixed'; size: number }
  | { kind: 'argument'; value: ValueNode; path: string[]; fallback: number };

/** One response key of a selection set, merged over fragments. */
export interface PlanNode {
  key: string;
  weight: number;
  /** Set for a field whose value is a list: the cost of one element is multiplied by it. */
  size: SizeSource[] | null;
  children: Map<string, PlanNode>;
}

export interface CostPlan {
  root: Map<string, PlanNode>;
}

// Types are inspected by shape, not with graphql-js's `isListType`-style predicates: the gateway's
// schema comes from @apollo/gateway's (CommonJS) copy of graphql, and those predicates' realm
// checks refuse it when this module is loaded as ESM (vitest).
interface FieldsOwner {
  getFields(): Record<string, GraphQLField<unknown, unknown> | undefined>;
}
const isWrapper = (type: GraphQLType): type is GraphQLType & { ofType: GraphQLType } => 'ofType' in type;
const isList = (type: GraphQLType) => {
  const nullable = isWrapper(type) && String(type).endsWith('!') ? type.ofType : type;
  return String(nullable).startsWith('[');
};
const namedType = (type: GraphQLType): GraphQLNamedType => {
  let current = type;
  while (isWrapper(current)) current = current.ofType;
  return current as GraphQLNamedType;
};
/** Object and interface types (input objects have fields too, but no interfaces). */
const hasFields = (type: GraphQLNamedType): boolean => 'getInterfaces' in type;
const isComposite = (type: GraphQLNamedType) => 'getInterfaces' in type || 'getTypes' in type;

interface CompileContext {
  schema: GraphQLSchema;
  directives: CostDirectives;
  fragments: Map<string, FragmentDefinitionNode>;
}

function fieldWeight(
  ctx: CompileContext,
  parent: GraphQLNamedType,
  field: GraphQLField<unknown, unknown>,
  isMutationRoot: boolean,
): number {
  const own = ctx.directives.fieldWeights.get(`${parent.name}.${field.name}`);
  if (own !== undefined) return own;
  const named = namedType(field.type);
  const ofType = ctx.directives.typeWeights.get(named.name);
  if (ofType !== undefined) return ofType;
  if (isMutationRoot) return MUTATION_WEIGHT;
  return isComposite(named) ? 1 : 0;
}

/** The slicing arguments' values of a field, as sources of its (or its sized fields') size. */
function slicingSources(listSize: ListSize | undefined, args: readonly ArgumentNode[]): SizeSource[] {
  const fallback = listSize?.assumedSize ?? DEFAULT_LIST_SIZE;
  const sources: SizeSource[] = [];
  for (const slicing of listSize?.slicingArguments ?? []) {
    const [name, ...path] = slicing.split('.');
    const arg = args.find((a) => a.name.value === name);
    if (arg) sources.push({ kind: 'argument', value: arg.value, path, fallback });
  }
  return sources.length ? sources : [{ kind: 'fixed', size: fallback }];
}

function mergeNode(into: Map<string, PlanNode>, node: PlanNode): void {
  const existing = into.get(node.key);
  if (!existing) {
    into.set(node.key, node);
    return;
  }
  for (const child of node.children.values()) mergeNode(existing.children, child);
}

function compileSelection(
  ctx: CompileContext,
  parent: GraphQLNamedType,
  selectionSet: SelectionSetNode,
  into: Map<string, PlanNode>,
  inherited: SizeSource[] | null,
  sizedFields: readonly string[],
  isMutationRoot: boolean,
  visiting: Set<string>,
): void {
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      const key = (selection.alias ?? selection.name).value;
      if (name === '__typename') continue;
      if (name === '__schema' || name === '__type') {
        mergeNode(into, { key, weight: INTROSPECTION_COST, size: null, children: new Map() });
        continue;
      }
      if (!hasFields(parent)) continue;
      const field = (parent as unknown as FieldsOwner).getFields()[name];
      if (!field) continue;
      const listSize = ctx.directives.listSizes.get(`${parent.name}.${name}`);
      const own = slicingSources(listSize, selection.arguments ?? []);
      const size = sizedFields.includes(name) && inherited ? inherited : isList(field.type) ? own : null;
      const node: PlanNode = {
        key,
        weight: fieldWeight(ctx, parent, field, isMutationRoot),
        size,
        children: new Map(),
      };
      if (selection.selectionSet) {
        const named = namedType(field.type);
        const sized = listSize?.sizedFields ?? [];
        compileSelection(ctx, named, selection.selectionSet, node.children, own, sized, false, visiting);
      }
      mergeNode(into, node);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition
        ? (ctx.schema.getType(selection.typeCondition.name.value) ?? parent)
        : parent;
      compileSelection(
        ctx,
        condition,
        selection.selectionSet,
        into,
        inherited,
        sizedFields,
        isMutationRoot,
        visiting,
      );
    } else {
      const fragment = ctx.fragments.get(selection.name.value);
      if (!fragment || visiting.has(fragment.name.value)) continue;
      const condition = ctx.schema.getType(fragment.typeCondition.name.value) ?? parent;
      visiting.add(fragment.name.value);
      compileSelection(
        ctx,
        condition,
        fragment.selectionSet,
        into,
        inherited,
        sizedFields,
        isMutationRoot,
        visiting,
      );
      visiting.delete(fragment.name.value);
    }
  }
}

/** Compiles the cost plan of one operation of a validated document. */
export function compileCostPlan(
  schema: GraphQLSchema,
  directives: CostDirectives,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): CostPlan {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const rootType =
    operation.operation === 'mutation'
      ? schema.getMutationType()
      : operation.operation === 'subscription'
        ? schema.getSubscriptionType()
        : schema.getQueryType();
  const root = new Map<string, PlanNode>();
  if (rootType) {
    const ctx = { schema, directives, fragments };
    const isMutation = operation.operation === 'mutation';
    compileSelection(ctx, rootType, operation.selectionSet, root, null, [], isMutation, new Set());
  }
  return { root };
}

function argumentValue(node: ValueNode, variables: Record<string, unknown>): unknown {
  switch (node.kind) {
    case Kind.VARIABLE:
      return variables[node.name.value];
    case Kind.INT:
      return Number(node.value);
    case Kind.LIST:
      return node.values;
    case Kind.OBJECT:
      return Object.fromEntries(node.fields.map((f) => [f.name.value, f.value]));
    default:
      return undefined;
  }
}

/** The size a source gives with these variables: an integer argument, or a list's length. */
function resolveSize(source: SizeSource, variables: Record<string, unknown>): number {
  if (source.kind === 'fixed') return source.size;
  let value: unknown = argumentValue(source.value, variables);
  for (const step of source.path) {
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const next = (value as Record<string, unknown>)[step];
      value =
        next && typeof next === 'object' && 'kind' in next
          ? argumentValue(next as ValueNode, variables)
          : next;
    } else value = undefined;
  }
  if (typeof value === 'number' && Number.isFinite(value)) return Math.max(0, Math.floor(value));
  if (Array.isArray(value)) return value.length;
  return source.fallback;
}

function listSizeOf(sources: SizeSource[], variables: Record<string, unknown>): number {
  let size = 0;
  for (const source of sources) size = Math.max(size, resolveSize(source, variables));
  return size;
}

function requested(nodes: Map<string, PlanNode>, variables: Record<string, unknown>): number {
  let total = 0;
  for (const node of nodes.values()) {
    const one = node.weight + requested(node.children, variables);
    total += node.size ? listSizeOf(node.size, variables) * one : one;
  }
  return total;
}

/** The cost an operation may reach with these variables (the figure checked before execution). */
export function requestedCost(plan: CostPlan, variables: Record<string, unknown> | undefined): number {
  return requested(plan.root, variables ?? {});
}

function actualOf(nodes: Map<string, PlanNode>, value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  if (Array.isArray(value)) {
    let total = 0;
    for (const item of value) total += actualOf(nodes, item);
    return total;
  }
  let total = 0;
  const object = value as Record<string, unknown>;
  for (const node of nodes.values()) {
    const child = object[node.key];
    if (child === undefined || child === null) continue;
    if (Array.isArray(child)) {
      for (const item of child) if (item !== null) total += node.weight + actualOf(node.children, item);
    } else total += node.weight + actualOf(node.children, child);
  }
  return total;
}

/** What the operation did cost: the plan's weights over what the response holds. */
export function actualCost(plan: CostPlan, data: unknown): number {
  return actualOf(plan.root, data);
}
