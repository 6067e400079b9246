/**
 * Issue 4, archive and restore of categories and modifier groups: the `active` flag, the
 * `categories(active:)` filter, UPSERT entries in the change feed, audit, UNKNOWN_CATEGORY,
 * UNKNOWN_MODIFIER_GROUP, INVALID_ID and FORBIDDEN.
 */
import { newId } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import { as, fixture, gqlError, type Json, READ, useCatalogFixture, WRITE } from './catalog.fixtures.ts';

useCatalogFixture();

describe('archive and restore of categories and modifier groups', () => {
  const FEED = `query($since: String) { catalogChanges(since: $since) { cursor changes { kind entity id
    category { active } modifierGroup { active } } } }`;

  it('archives and restores both, recording UPSERTs in the change feed and the audit log', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    const cat = (
      await gql(`mutation { createCategory(input: { name: "Ichimliklar" }) { category { id active } } }`)
    ).createCategory.category;
    expect(cat.active).toBe(true);
    const group = (
      await gql(
        `mutation { createModifierGroup(input: { name: "Hajm", options: [{ name: "Katta" }] }) { modifierGroup { id active } } }`,
      )
    ).createModifierGroup.modifierGroup;
    expect(group.active).toBe(true);
    const CAT = (op: string) =>
      `mutation($id: ID!) { ${op}(input: { id: $id }) { category { id active } errors { code field } } }`;
    const GROUP = (op: string) =>
      `mutation($id: ID!) { ${op}(input: { id: $id }) { modifierGroup { id active } errors { code field } } }`;
    const pull = async (since: string | null) => (await gql(FEED, { since })).catalogChanges;
    const start = (await pull(null)).cursor;

    expect((await gql(CAT('archiveCategory'), { id: cat.id })).archiveCategory).toEqual({
      category: { id: cat.id, active: false },
      errors: [],
    });
    expect((await gql(GROUP('archiveModifierGroup'), { id: group.id })).archiveModifierGroup).toEqual({
      modifierGroup: { id: group.id, active: false },
      errors: [],
    });
    const archived = await pull(start);
    expect(archived.changes).toEqual([
      { kind: 'UPSERT', entity: 'CATEGORY', id: cat.id, category: { active: false }, modifierGroup: null },
      {
        kind: 'UPSERT',
        entity: 'MODIFIER_GROUP',
        id: group.id,
        category: null,
        modifierGroup: { active: false },
      },
    ]);
    const list = async (active?: boolean) =>
      (await gql(`query($a: Boolean) { categories(active: $a) { id } }`, { a: active })).categories.map(
        (c: Json) => c.id,
      );
    expect(await list(false)).toEqual([cat.id]);
    expect(await list(true)).toEqual([]);
    expect(await list()).toEqual([cat.id]);
    expect((await gql(`{ modifierGroups { id active } }`)).modifierGroups).toEqual([
      { id: group.id, active: false },
    ]);

    // Archiving again is a no-op: nothing new in the feed.
    await gql(CAT('archiveCategory'), { id: cat.id });
    expect((await pull(archived.cursor)).changes).toEqual([]);

    expect((await gql(CAT('restoreCategory'), { id: cat.id })).restoreCategory.category.active).toBe(true);
    expect(
      (await gql(GROUP('restoreModifierGroup'), { id: group.id })).restoreModifierGroup.modifierGroup.active,
    ).toBe(true);
    expect((await pull(archived.cursor)).changes).toEqual([
      { kind: 'UPSERT', entity: 'CATEGORY', id: cat.id, category: { active: true }, modifierGroup: null },
      {
        kind: 'UPSERT',
        entity: 'MODIFIER_GROUP',
        id: group.id,
        category: null,
        modifierGroup: { active: true },
      },
    ]);
    expect(await list(true)).toEqual([cat.id]);

    const audit = await fixture.db.admin<{ action: string }>(
      'SELECT action FROM audit.entry WHERE entity_id = ANY($1::text[]) ORDER BY seq',
      [[cat.id, group.id]],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'category.create',
      'modifier-group.create',
      'category.archive',
      'modifier-group.archive',
      'category.restore',
      'modifier-group.restore',
    ]);

    for (const op of ['archiveCategory', 'restoreCategory']) {
      for (const [id, code] of [
        [newId(), 'UNKNOWN_CATEGORY'],
        ['not-a-uuid', 'INVALID_ID'],
      ]) {
        expect((await gql(CAT(op), { id }))[op]).toEqual({
          category: null,
          errors: [{ code, field: ['input', 'id'] }],
        });
      }
    }
    for (const op of ['archiveModifierGroup', 'restoreModifierGroup']) {
      expect((await gql(GROUP(op), { id: newId() }))[op]).toEqual({
        modifierGroup: null,
        errors: [{ code: 'UNKNOWN_MODIFIER_GROUP', field: ['input', 'id'] }],
      });
    }
    // Another tenant's category is unknown here.
    const other = await as(newId(), WRITE);
    expect((await other(CAT('archiveCategory'), { id: cat.id })).archiveCategory.errors[0].code).toBe(
      'UNKNOWN_CATEGORY',
    );

    const cashier = await as(tenant, READ);
    for (const [op, q] of [
      ['archiveCategory', CAT],
      ['restoreCategory', CAT],
      ['archiveModifierGroup', GROUP],
      ['restoreModifierGroup', GROUP],
    ] as const) {
      const id = op.endsWith('Category') ? cat.id : group.id;
      expect(await gqlError(cashier(q(op), { id }))).toBe('FORBIDDEN');
    }
    // The refused calls changed nothing.
    expect(await list(true)).toEqual([cat.id]);
    expect((await gql(`{ modifierGroups { active } }`)).modifierGroups).toEqual([{ active: true }]);
  });
});
