/**
 * What a product needs before it becomes a cart line: its modifier groups (the picker) and
 * whether each unit carries a marking code. The host's local catalog is the source, offline too;
 * a product from a list that already carries these fields is not looked up again.
 */
import type { CatalogModifierGroup } from '../../../shared/pos-catalog.ts';
import type { PosFailure } from '../../../shared/pos-types.ts';
import { posApi } from '../../lib/bridge.ts';

/** A product as any list of the sell screen gives it. */
export interface ProductRef {
  id: string;
  modifierGroupIds?: readonly string[] | null;
  markingRequired?: boolean | null;
}

export interface ProductExtras {
  groups: CatalogModifierGroup[];
  markingRequired: boolean;
}

/** The product's modifier groups and marking flag, or the host's failure. */
export async function productExtras(
  product: ProductRef,
): Promise<{ ok: true; value: ProductExtras } | { ok: false; error: PosFailure }> {
  let groupIds = product.modifierGroupIds;
  let markingRequired = product.markingRequired;
  if (groupIds == null || markingRequired == null) {
    const stored = await posApi().catalog.product(product.id);
    if (!stored.ok) return stored;
    groupIds = stored.value?.modifierGroupIds ?? [];
    markingRequired = stored.value?.markingRequired ?? false;
  }
  if (!groupIds.length) return { ok: true, value: { groups: [], markingRequired } };
  const groups = await posApi().catalog.modifierGroups([...groupIds]);
  if (!groups.ok) return groups;
  return { ok: true, value: { groups: groups.value.filter((g) => g.options.length > 0), markingRequired } };
}
