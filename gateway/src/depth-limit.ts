import { type ASTVisitor, GraphQLError, Kind, type ValidationContext } from 'graphql';

/**
 * Rejects operations nested deeper than `max` selection levels (fragments expanded), before
 * any subgraph is called. Introspection's own deep `__type` queries are exempt.
 */
export function depthLimit(max: number) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d] as const),
    );
    const depthOf = (
      node: { selectionSet?: { selections: readonly unknown[] } },
      seen: Set<string>,
    ): number => {
      if (!node.selectionSet) return 0;
      let deepest = 0;
      for (const raw of node.selectionSet.selections) {
        const selection = raw as {
          kind: Kind;
          name?: { value: string };
          selectionSet?: { selections: readonly unknown[] };
        };
        if (selection.kind === Kind.FIELD) {
          if (selection.name?.value.startsWith('__')) continue;
          deepest = Math.max(deepest, 1 + depthOf(selection, seen));
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          deepest = Math.max(deepest, depthOf(selection, seen));
        } else if (selection.kind === Kind.FRAGMENT_SPREAD) {
          const name = selection.name!.value;
          const fragment = fragments.get(name);
          if (fragment && !seen.has(name))
            deepest = Math.max(deepest, depthOf(fragment, new Set([...seen, name])));
        }
      }
      return deepest;
    };
    return {
      OperationDefinition(node) {
        const depth = depthOf(node, new Set());
        if (depth > max) {
          context.reportError(
            new GraphQLError(`Query is nested ${depth} levels deep; the limit is ${max}`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        }
      },
    };
  };
}
