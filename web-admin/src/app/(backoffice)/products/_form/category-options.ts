/**
 * The category tree as the options of one select: each category under its parent, indented by
 * its depth ("— — Ichimliklar"), so a flat list still reads as a tree.
 */
import type { SelectOption } from '@jowi/ui';

export interface CategoryNode {
  id: string;
  name: string;
  parent?: { id: string } | null;
}

export function categoryOptions(categories: readonly CategoryNode[], first: SelectOption): SelectOption[] {
  const children = new Map<string | null, CategoryNode[]>();
  const known = new Set(categories.map((c) => c.id));
  for (const c of categories) {
    const parent = c.parent && known.has(c.parent.id) ? c.parent.id : null;
    children.set(parent, [...(children.get(parent) ?? []), c]);
  }
  const options: SelectOption[] = [first];
  const visit = (parent: string | null, depth: number) => {
    for (const c of (children.get(parent) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      options.push({ value: c.id, label: `${'— '.repeat(depth)}${c.name}`, textValue: c.name });
      if (depth < 20) visit(c.id, depth + 1);
    }
  };
  visit(null, 0);
  return options;
}
