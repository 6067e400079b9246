import type { GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * The names of the fields the operation selects at `path` below the current field (`['changes',
 * 'product']`: the fields of each change's product), through inline and named fragments alike;
 * null when nothing selects `path`. Directives are not evaluated: a field under `@skip` or
 * `@include` counts as selected, which costs at most a read the response does not use.
 */
export function selectedFields(info: GraphQLResolveInfo, path: readonly string[]): Set<string> | null {
  const fields = new Set<string>();
  let selected = false;
  const visit = (set: SelectionSetNode | undefined, depth: number): void => {
    if (!set) return;
    for (const selection of set.selections) {
      if (selection.kind === 'InlineFragment') visit(selection.selectionSet, depth);
      else if (selection.kind === 'FragmentSpread')
        visit(info.fragments[selection.name.value]?.selectionSet, depth);
      else if (depth === path.length) fields.add(selection.name.value);
      else if (selection.name.value === path[depth]) {
        if (depth === path.length - 1) selected = true;
        visit(selection.selectionSet, depth + 1);
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet, 0);
  return selected ? fields : null;
}
