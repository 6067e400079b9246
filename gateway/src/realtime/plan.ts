/**
 * From a subscription operation to what each of its events executes: the envelope's selections
 * (`cursor`, `__typename`, the entity under any aliases) and one query per event that reads the
 * entity through the supergraph with the subscriber's own selection, fragments and variables.
 */
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  GraphQLError,
  Kind,
  type OperationDefinitionNode,
  print,
  type SelectionSetNode,
  valueFromASTUntyped,
  visit,
} from 'graphql';
import { type EntityQuery, FEEDS, type Feed, SELECTION } from './feeds.ts';

/** One selection of the envelope: its response key and what it shows. */
type EnvelopeField =
  | { key: string; kind: 'cursor' }
  | { key: string; kind: 'typename' }
  | { key: string; kind: 'payload'; field: string }
  | { key: string; kind: 'entity'; index: number };

export interface SubscriptionPlan {
  feed: Feed;
  /** The root field's response key. */
  rootKey: string;
  /** The root field's arguments (`storeId`, `after`). */
  args: Record<string, unknown>;
  envelope: EnvelopeField[];
  /** The query that reads the entity for one event, and how to find it in the answer. */
  entityQuery(payload: Record<string, unknown>): {
    query: string;
    variables: Record<string, unknown>;
    picks: EntityQuery['pick'][];
  };
}

const refuse = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Variables and fragments a selection uses, following fragment spreads. */
function usedBy(selections: SelectionSetNode[], fragments: Map<string, FragmentDefinitionNode>) {
  const variables = new Set<string>();
  const used = new Set<string>();
  const pending = [...selections];
  while (pending.length) {
    visit(pending.pop()!, {
      Variable: (node) => void variables.add(node.name.value),
      FragmentSpread: (node) => {
        const name = node.name.value;
        const fragment = fragments.get(name);
        if (!used.has(name) && fragment) pending.push(fragment.selectionSet);
        used.add(name);
      },
    });
  }
  return { variables, fragments: [...used].map((name) => fragments.get(name)!).filter(Boolean) };
}

export function planSubscription(
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variableValues: Record<string, unknown>,
): SubscriptionPlan | GraphQLError {
  const root = operation.selectionSet.selections[0];
  if (operation.selectionSet.selections.length !== 1 || root?.kind !== Kind.FIELD) {
    return refuse('A subscription selects exactly one field');
  }
  const feed = FEEDS[root.name.value];
  if (!feed) return refuse(`${root.name.value} is not a subscription this gateway serves`);
  const args = Object.fromEntries(
    (root.arguments ?? []).map((a) => [a.name.value, valueFromASTUntyped(a.value, variableValues)]),
  );
  const envelope: EnvelopeField[] = [];
  const entitySelections: SelectionSetNode[] = [];
  for (const selection of root.selectionSet?.selections ?? []) {
    if (selection.kind !== Kind.FIELD) {
      return refuse(
        `Select cursor and ${feed.entityField} of ${feed.typename} directly (no fragments at this level)`,
      );
    }
    const key = selection.alias?.value ?? selection.name.value;
    const name = selection.name.value;
    if (name === 'cursor') envelope.push({ key, kind: 'cursor' });
    else if (name === '__typename') envelope.push({ key, kind: 'typename' });
    else if (feed.payloadFields?.includes(name)) envelope.push({ key, kind: 'payload', field: name });
    else if (name === feed.entityField && selection.selectionSet) {
      envelope.push({ key, kind: 'entity', index: entitySelections.length });
      entitySelections.push(selection.selectionSet);
    }
  }
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const used = usedBy(entitySelections, fragments);
  const definitions = (operation.variableDefinitions ?? []).filter((d) =>
    used.variables.has(d.variable.name.value),
  );
  const ownVariables = Object.fromEntries(
    definitions.map((d) => [d.variable.name.value, variableValues[d.variable.name.value]]),
  );
  const fragmentText = used.fragments.map((f) => print(f)).join('\n');
  return {
    feed,
    rootKey: root.alias?.value ?? root.name.value,
    args,
    envelope,
    entityQuery(payload) {
      const queries = entitySelections.map(() => feed.entityQuery(payload));
      const fields = queries.map(
        (q, i) => `entity${i}: ${q.field.replace(SELECTION, print(entitySelections[i]!))}`,
      );
      const variableTypes = Object.assign({}, ...queries.map((q) => q.variableTypes)) as Record<
        string,
        string
      >;
      const declared = [
        ...definitions.map((d) => print(d)),
        ...Object.entries(variableTypes).map(([name, type]) => `$${name}: ${type}`),
      ];
      const header = declared.length ? `(${declared.join(', ')})` : '';
      return {
        query: `query JowiSubscriptionEvent${header} { ${fields.join(' ')} }\n${fragmentText}`,
        variables: Object.assign({ ...ownVariables }, ...queries.map((q) => q.variables)),
        picks: queries.map((q) => q.pick),
      };
    },
  };
}
