/**
 * Validation rules on an operation's shape: aliases, directives and depth from GraphQL Armor,
 * and what Armor has no rule for — root fields, total fields with fragments expanded, and
 * inline fragments nested in inline fragments (which a depth limit that flattens fragments does
 * not see). Validation runs once per distinct document (Apollo Server caches the validated
 * document by its hash), so these cost nothing on a repeated query.
 *
 * Each breach is reported as `QUERY_TOO_COMPLEX` with `{ measure, limit, found }`.
 */
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import {
  type ASTVisitor,
  type FragmentDefinitionNode,
  type GraphQLError,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import type { OperationLimits } from './config.ts';
import { overLimit } from './errors.ts';

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

/** Root fields, total fields and inline-fragment nesting of each operation. */
function shapeRule(limits: OperationLimits): ValidationRule {
  return (context): ASTVisitor => {
    const fragments = new Map(
      context
        .getDocument()
        .definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
        .map((d) => [d.name.value, d]),
    );
    return {
      OperationDefinition(operation) {
        const roots = rootFieldCount(operation, fragments);
        if (roots > limits.rootFields)
          context.reportError(
            overLimit('QUERY_TOO_COMPLEX', 'rootFields', limits.rootFields, roots, 'root fields'),
          );
        const count: ShapeCount = { fields: 0, deepestInlineNesting: 0 };
        countShape(operation.selectionSet, fragments, 0, new Set(), count, limits.fields);
        if (count.fields > limits.fields)
          context.reportError(
            overLimit('QUERY_TOO_COMPLEX', 'fields', limits.fields, count.fields, 'fields (or more)'),
          );
        if (count.deepestInlineNesting > limits.inlineFragmentNesting)
          context.reportError(
            overLimit(
              'QUERY_TOO_COMPLEX',
              'inlineFragmentNesting',
              limits.inlineFragmentNesting,
              count.deepestInlineNesting,
              'levels of nested inline fragments',
            ),
          );
        return false;
      },
    };
  };
}

/** The validation rules of the operation limits. */
export function shapeRules(limits: OperationLimits): ValidationRule[] {
  const armor = { exposeLimits: true, propagateOnRejection: false };
  return [
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
    shapeRule(limits),
  ];
}
