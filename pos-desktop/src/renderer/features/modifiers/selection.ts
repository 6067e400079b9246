/**
 * Choosing modifiers for a product: pure rules the picker follows, tested without React.
 *
 * A group asks for between `min` and `max` options: `min` is the group's `minSelections`, and at
 * least 1 when the group is `required`. A group of at most one option behaves like radio buttons
 * (choosing another replaces the choice); a larger group toggles, and refuses an option beyond its
 * maximum. Price deltas stay Money text until {@link chosenModifiers} turns them into tiyin with
 * the receipt package's parser; the line's unit price is `unitPriceWithModifiers` in the cart.
 */
import { parseMoney } from '@jowi/receipt';
import type { CatalogModifierGroup } from '../../../shared/pos-catalog.ts';
import type { CartModifier } from '../../lib/cart.ts';

/** Option ids chosen per group id. */
export type ModifierSelection = Readonly<Record<string, readonly string[]>>;

/** Why a group's choice cannot be added yet. */
export type GroupProblem = 'TOO_FEW' | 'TOO_MANY';

/** Fewest and most options the group takes. */
export function groupBounds(group: CatalogModifierGroup): { min: number; max: number } {
  const min = Math.max(group.minSelections, group.required ? 1 : 0);
  const max = Math.max(group.maxSelections, min, 1);
  return { min, max };
}

/** The selection after the cashier touched `optionId` of `group` (see the file header). */
export function toggleOption(
  selection: ModifierSelection,
  group: CatalogModifierGroup,
  optionId: string,
): ModifierSelection {
  if (!group.options.some((o) => o.id === optionId)) return selection;
  const chosen = selection[group.id] ?? [];
  const { max } = groupBounds(group);
  let next: readonly string[];
  if (chosen.includes(optionId)) next = chosen.filter((id) => id !== optionId);
  else if (max === 1) next = [optionId];
  else if (chosen.length >= max) return selection;
  else next = [...chosen, optionId];
  return { ...selection, [group.id]: next };
}

/** What keeps a group's choice from being added, or null. */
export function groupProblem(group: CatalogModifierGroup, selection: ModifierSelection): GroupProblem | null {
  const count = (selection[group.id] ?? []).length;
  const { min, max } = groupBounds(group);
  if (count < min) return 'TOO_FEW';
  if (count > max) return 'TOO_MANY';
  return null;
}

/** The first group whose choice is not complete, or undefined when every group is satisfied. */
export function firstIncomplete(
  groups: readonly CatalogModifierGroup[],
  selection: ModifierSelection,
): CatalogModifierGroup | undefined {
  return groups.find((group) => groupProblem(group, selection) !== null);
}

/**
 * The chosen modifiers in the groups' and options' catalog order, deltas in tiyin — or the first
 * group that still needs a choice.
 */
export function chosenModifiers(
  groups: readonly CatalogModifierGroup[],
  selection: ModifierSelection,
):
  | { ok: true; modifiers: CartModifier[] }
  | { ok: false; group: CatalogModifierGroup; problem: GroupProblem } {
  const incomplete = firstIncomplete(groups, selection);
  if (incomplete) return { ok: false, group: incomplete, problem: groupProblem(incomplete, selection)! };
  const modifiers = groups.flatMap((group) => {
    const chosen = new Set(selection[group.id] ?? []);
    return group.options
      .filter((option) => chosen.has(option.id))
      .map((option) => ({
        modifierId: option.id,
        name: option.name,
        priceDelta: parseMoney(option.priceDelta),
      }));
  });
  return { ok: true, modifiers };
}

/** The selection a picker starts with: nothing chosen. */
export const emptySelection: ModifierSelection = Object.freeze({});
