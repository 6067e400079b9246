/**
 * The change feed offline clients catch up with (`catalogChanges`).
 *
 * Every write of a product, category or modifier group calls {@link recordChanges} in its own
 * transaction. `catalog.record_changes` (see the 1764500000100 migration) bumps the tenant's row
 * in `change_counter` — the row lock is held until commit, so a tenant's catalog writers take
 * sequence numbers one committed transaction after another and a reader can never see N+1
 * before N — upserts the entity's latest change in `change`, and appends `catalog.changed`
 * events. Only the latest change per entity is kept: a client behind the cursor still gets
 * every entity that changed since, and a pull from zero is one row per entity.
 *
 * Archive is an UPSERT (the product stays, `active` false: old receipts still show it); DELETE
 * is sent for hard-deleted categories and modifier groups. A change whose entity is gone by the
 * time it is read is sent as DELETE (its DELETE change is committed and follows anyway).
 */
import { type RequestContext, requirePermission } from '@jowi/server-kit';
import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { CATALOG_READ } from './category.service.ts';

export type CatalogEntityKind = 'PRODUCT' | 'CATEGORY' | 'MODIFIER_GROUP';
export type ChangeKind = 'UPSERT' | 'DELETE';

/** Records changes of `ids` inside the caller's tenant transaction. */
export async function recordChanges(
  m: EntityManager,
  entity: CatalogEntityKind,
  kind: ChangeKind,
  ids: readonly string[],
): Promise<void> {
  if (ids.length === 0) return;
  await m.query('SELECT catalog.record_changes($1, $2, $3::uuid[])', [entity, kind, ids]);
}

export interface CatalogChangeNode {
  kind: ChangeKind;
  entity: CatalogEntityKind;
  id: string;
  seq: string;
}

export const DEFAULT_CHANGES = 500;
export const MAX_CHANGES = 1000;

function sinceSeq(since: string | null | undefined): bigint {
  if (since === null || since === undefined || since === '') return 0n;
  if (!/^\d{1,19}$/.test(since)) {
    throw new GraphQLError('Invalid cursor', { extensions: { code: 'BAD_USER_INPUT', field: 'since' } });
  }
  return BigInt(since);
}

/** Changes after `since`, in sequence order. */
export async function listChanges(
  ctx: RequestContext,
  args: { since?: string | null; first?: number | null },
): Promise<{ changes: CatalogChangeNode[]; cursor: string; hasMore: boolean }> {
  const tenantId = requirePermission(ctx, CATALOG_READ);
  const since = sinceSeq(args.since);
  const first = args.first ?? DEFAULT_CHANGES;
  if (!Number.isInteger(first) || first < 1 || first > MAX_CHANGES) {
    throw new GraphQLError(`first must be between 1 and ${MAX_CHANGES}`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  }
  // One statement, one snapshot: the kind is decided against the rows as they are now.
  const rows: { seq: string; entity: CatalogEntityKind; id: string; kind: ChangeKind }[] = await ctx.tx((m) =>
    m.query(
      `SELECT c.seq::text AS seq, c.entity, c.entity_id AS id,
              CASE WHEN c.kind = 'UPSERT' AND CASE c.entity
                     WHEN 'PRODUCT' THEN EXISTS (SELECT 1 FROM catalog.product x WHERE x.tenant_id = c.tenant_id AND x.id = c.entity_id)
                     WHEN 'CATEGORY' THEN EXISTS (SELECT 1 FROM catalog.category x WHERE x.tenant_id = c.tenant_id AND x.id = c.entity_id)
                     ELSE EXISTS (SELECT 1 FROM catalog.modifier_group x WHERE x.tenant_id = c.tenant_id AND x.id = c.entity_id)
                   END THEN 'UPSERT' ELSE 'DELETE' END AS kind
         FROM catalog.change c
        WHERE c.tenant_id = $1 AND c.seq > $2
        ORDER BY c.seq
        LIMIT $3`,
      [tenantId, since.toString(), first + 1],
    ),
  );
  const page = rows.slice(0, first);
  return {
    changes: page,
    cursor: page.at(-1)?.seq ?? since.toString(),
    hasMore: rows.length > first,
  };
}
