/**
 * Limits on an operation's shape: aliases, directives and depth from GraphQL Armor, and what
 * Armor has no rule for — root fields, total fields with fragments expanded, and inline
 * fragments nested in inline fragments (which a depth limit that flattens fragments does not
 * see). They run when a document is first parsed, before validation (Apollo Server caches the
 * validated document by its hash, so a repeated query costs nothing here).
 *
 * Each breach is reported as `QUERY_TOO_COMPLEX` with `{ measure, limit, found }`.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';
import type { OperationLimits } from './config.ts';
import { type LimitError, overLimit } from './errors.ts';

/** Armor reports "… limit of N exceeded, found M."; the rule re-reports it with our code. */
function armorRejection(measure: string, limit: number) {
  return (context: ValidationContext | null, error: GraphQLError) => {
    const found = Number(/found (\d+)/.exec(error.message)?.[1] ?? limit + 1);
    context?.reportError(overLimit('QUERY_TOO_COMPLEX', measure, limit, found));
  };
}

interface ShapeCount {
  fields: number;
  deepestInlineNesting: number;
}

/** Counts fields (fragments expanded) and the deepest run of nested inline fragments. */
function countShape(
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  inlineRun: number,
  visiting: Set<string>,
  count: ShapeCount,
  stopAt: number,
): void {
  for (const selection of selectionSet.selections) {
    if (count.fields > stopAt) return;
    if (selection.kind === Kind.FIELD) {
      count.fields++;
      if (selection.selectionSet) countShape(selection.selectionSet, fragments, 0, visiting, count, stopAt);
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      const run = inlineRun + 1;
      count.deepestInlineNesting = Math.max(count.deepestInlineNesting, run);
      countShape(selection.selectionSet, fragments, run, visiting, count, stopAt);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // Fragment cycles are another rule's error; count each spread of the same fragment.
      if (!fragment || visiting.has(name)) continue;
      visiting.add(name);
      countShape(fragment.selectionSet, fragments, inlineRun, visiting, count, stopAt);
      visiting.delete(name);
    }
  }
}

function rootFieldCount(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
): number {
  const keys = new Set<string>();
  const collect = (set: SelectionSetNode, seen: Set<string>) => {
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value !== '__typename') keys.add((selection.alias ?? selection.name).value);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet, new Set([...seen, selection.name.value]));
      }
    }
  };
  collect(operation.selectionSet, new Set());
  return keys.size;
}

/**
 * Checks every operation of a parsed document against the shape limits; returns the breaches
 * (empty when within every limit). Works on the AST alone, in one linear pass per rule, so it
 * runs before graphql-js's validation — whose overlapping-fields rule is quadratic in repeated
 * fields — and refuses an oversized document without it.
 */
export function checkShape(document: DocumentNode, limits: OperationLimits): LimitError[] {
  const fragments = new Map(
    document.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
      .map((d) => [d.name.value, d]),
  );
  const errors: LimitError[] = [];
  // Armor's visitors read fragments from a ValidationContext and report through our handler.
  const context = {
    getFragment: (name: string) => fragments.get(name),
    reportError: (error: LimitError) => errors.push(error),
  } as unknown as ValidationContext;
  const armor = { exposeLimits: true, propagateOnRejection: false };
  const visitors = [
    maxAliasesRule({ ...armor, n: limits.aliases, onReject: [armorRejection('aliases', limits.aliases)] }),
    maxDirectivesRule({
      ...armor,
      n: limits.directives,
      onReject: [armorRejection('directives', limits.directives)],
    }),
    maxDepthRule({
      ...armor,
      n: limits.depth,
      flattenFragments: true,
      ignoreIntrospection: true,
      onReject: [armorRejection('depth', limits.depth)],
    }),
  ];
  for (const operation of document.definitions) {
    if (operation.kind !== Kind.OPERATION_DEFINITION) continue;
    checkCounts(operation, fragments, limits, errors);
    for (const rule of visitors) {
      const visitor = rule(context) as unknown as {
        OperationDefinition: { enter(node: OperationDefinitionNode): void };
      };
      visitor.OperationDefinition.enter.call(visitor, operation);
    }
  }
  return errors;
}

/** Root fields, total fields and inline-fragment nesting of one operation. */
function checkCounts(
  operation: OperationDefinitionNode,
  fragments: Map<string, FragmentDefinitionNode>,
  limits: OperationLimits,
  errors: LimitError[],
): void {
  const roots = rootFieldCount(operation, fragments);
  if (roots > limits.rootFields)
    errors.push(overLimit('QUERY_TOO_COMPLEX', 'rootFields', limits.rootFields, roots, 'root fields'));
  const count: ShapeCount = { fields: 0, deepestInlineNesting: 0 };
  countShape(operation.selectionSet, fragments, 0, new Set(), count, limits.fields);
  if (count.fields > limits.fields)
    errors.push(overLimit('QUERY_TOO_COMPLEX', 'fields', limits.fields, count.fields, 'fields (or more)'));
  if (count.deepestInlineNesting > limits.inlineFragmentNesting)
    errors.push(
      overLimit(
        'QUERY_TOO_COMPLEX',
        'inlineFragmentNesting',
        limits.inlineFragmentNesting,
        count.deepestInlineNesting,
        'levels of nested inline fragments',
      ),
    );
}
