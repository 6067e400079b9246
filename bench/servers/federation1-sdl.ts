/**
 * Rewrites our Federation 2 subgraph SDL into the Federation 1 dialect `@mercuriusjs/gateway`
 * composes, for the side-by-side comparison only. The subgraphs and their data are unchanged;
 * only what mercurius is told about their schemas differs:
 * - `extend schema @link(...)`, `@shareable`, `@cost`, `@listSize` and `resolvable:` are Federation 2
 *   and dropped, and so
 *   are federation's own directive and type definitions (`_Service`, `_entities`, `link__*`);
 * - in every service after the first, root types become `extend type`, and an entity an earlier
 *   service defined becomes `extend type X @key(...)` with its key fields `@external`. Other
 *   shared types (scalars, `PageInfo`, …) stay in each service: mercurius builds every service's
 *   schema on its own as well as the composed one.
 */
import {
  type ConstDirectiveNode,
  type DefinitionNode,
  type DirectiveNode,
  type FieldDefinitionNode,
  Kind,
  type ObjectTypeDefinitionNode,
  parse,
  print,
  visit,
} from 'graphql';

const ROOTS = new Set(['Query', 'Mutation', 'Subscription']);
const FED2_ONLY = new Set([
  'shareable',
  'link',
  'inaccessible',
  'tag',
  'composeDirective',
  'interfaceObject',
  // Demand control (Federation 2.9): the cost analysis our gateway reads.
  'cost',
  'listSize',
]);

function cleanDirectives(directives: readonly DirectiveNode[] | undefined): ConstDirectiveNode[] {
  return ((directives as readonly ConstDirectiveNode[] | undefined) ?? [])
    .filter((d) => !FED2_ONLY.has(d.name.value))
    .map((d) =>
      d.name.value === 'key' ? { ...d, arguments: d.arguments?.filter((a) => a.name.value === 'fields') } : d,
    );
}

function keyFields(node: ObjectTypeDefinitionNode): Set<string> {
  const names = new Set<string>();
  for (const d of node.directives ?? []) {
    if (d.name.value !== 'key') continue;
    const fields = d.arguments?.find((a) => a.name.value === 'fields')?.value;
    if (fields?.kind === Kind.STRING) for (const f of fields.value.split(/\s+/)) if (f) names.add(f);
  }
  return names;
}

function external(field: FieldDefinitionNode): FieldDefinitionNode {
  const directive: ConstDirectiveNode = {
    kind: Kind.DIRECTIVE,
    name: { kind: Kind.NAME, value: 'external' },
  };
  return { ...field, directives: [...(field.directives ?? []), directive] };
}

/** Federation 1 SDL for each service, in the order given (the first one owns shared types). */
export function toFederation1(sdls: string[]): string[] {
  const seen = new Set<string>();
  return sdls.map((sdl, index) => {
    const out: DefinitionNode[] = [];
    for (let def of parse(sdl).definitions) {
      if (def.kind === Kind.SCHEMA_EXTENSION || def.kind === Kind.SCHEMA_DEFINITION) continue;
      // Federation's own machinery: mercurius declares its own.
      if (def.kind === Kind.DIRECTIVE_DEFINITION) continue;
      if ('name' in def && def.name && /^(_|link__|federation__)/.test(def.name.value)) continue;
      if (!('name' in def) || !def.name) {
        out.push(def);
        continue;
      }
      const name = def.name.value;
      const directives = 'directives' in def ? cleanDirectives(def.directives) : undefined;
      if (def.kind === Kind.OBJECT_TYPE_DEFINITION && name === 'Query') {
        const fields = def.fields?.filter((f) => !f.name.value.startsWith('_'));
        def = { ...def, fields };
      }
      const keys = def.kind === Kind.OBJECT_TYPE_DEFINITION ? keyFields(def) : new Set<string>();
      const extend =
        index > 0 &&
        def.kind === Kind.OBJECT_TYPE_DEFINITION &&
        (ROOTS.has(name) || (seen.has(name) && keys.size > 0));
      if (extend && def.kind === Kind.OBJECT_TYPE_DEFINITION) {
        out.push({
          ...def,
          kind: Kind.OBJECT_TYPE_EXTENSION,
          directives,
          fields: def.fields?.map((f) => (keys.has(f.name.value) ? external(f) : f)),
        } as DefinitionNode);
      } else {
        out.push(directives ? ({ ...def, directives } as DefinitionNode) : def);
      }
      seen.add(name);
    }
    // Federation 2 directives on fields and arguments too (type-level ones are gone already).
    const document = visit(
      { kind: Kind.DOCUMENT, definitions: out },
      { Directive: (node) => (FED2_ONLY.has(node.name.value) ? null : undefined) },
    );
    return print(document);
  });
}
