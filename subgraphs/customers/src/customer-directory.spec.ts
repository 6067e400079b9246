import { newId } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CASHIER,
  createCustomer,
  gql,
  type Harness,
  MANAGER,
  saleCreated,
  startHarness,
  TENANT_B,
} from './customers.fixtures.ts';
import { maskPhone } from './services/phone.ts';

let h: Harness;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startHarness();
  // Created in this order, so newest first is the reverse.
  ids.dilnoza = await createCustomer(h, { phone: '+998901234567', name: 'Dilnoza Karimova', tags: ['VIP'] });
  ids.dilshod = await createCustomer(h, { phone: '+998911112267', name: 'Dilshod Aliyev' });
  ids.karim = await createCustomer(h, { phone: '+998935554567', name: 'Karim' });
  ids.olga = await createCustomer(h, { phone: '+998971230000', name: 'Ольга' });
  await createCustomer(h, { phone: '+998901234567', name: 'Dilnoza in B' }, TENANT_B);
});

afterAll(async () => {
  await h?.close();
});

interface Page {
  customers: {
    edges: {
      cursor: string;
      node: { id: string; phone: string; phoneRevealed: boolean; name: string | null };
    }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  };
}
const list = `query($first: Int, $after: String, $filter: CustomerFilter) {
  customers(first: $first, after: $after, filter: $filter) {
    edges { cursor node { id phone phoneRevealed name } } pageInfo { hasNextPage endCursor } } }`;
const search = async (text: string, extra: Record<string, unknown> = {}) =>
  (await gql<Page>(h, list, { filter: { search: text, ...extra } })).data!.customers.edges.map(
    (e) => e.node.id,
  );

describe('masked phones', () => {
  it('masks as +998 90 *** ** 67', () => {
    expect(maskPhone('+998901234567')).toBe('+998 90 *** ** 67');
    expect(maskPhone('+79161234567')).toBe('+791******67');
  });

  it('shows a cashier masked phones in lists and by id, and the full phone on an exact lookup', async () => {
    const cashierList = await gql<Page>(h, list, { filter: { search: 'Dilnoza' } }, { permissions: CASHIER });
    expect(cashierList.data?.customers.edges.map((e) => e.node)).toEqual([
      { id: ids.dilnoza, phone: '+998 90 *** ** 67', phoneRevealed: false, name: 'Dilnoza Karimova' },
    ]);
    const byId = await gql<{ customer: { phone: string } }>(
      h,
      'query($id: ID!) { customer(id: $id) { phone } }',
      { id: ids.dilnoza },
      { permissions: CASHIER },
    );
    expect(byId.data?.customer.phone).toBe('+998 90 *** ** 67');
    const exact = await gql<{ customerByPhone: { phone: string; phoneRevealed: boolean } }>(
      h,
      '{ customerByPhone(phone: "90 123 45 67") { phone phoneRevealed } }',
      {},
      { permissions: CASHIER },
    );
    expect(exact.data?.customerByPhone).toEqual({ phone: '+998901234567', phoneRevealed: true });
  });

  it('shows back-office readers (reports:read) full phones everywhere, including on sales', async () => {
    const managerList = await gql<Page>(h, list, { filter: { search: 'Dilnoza' } }, { permissions: MANAGER });
    expect(managerList.data?.customers.edges[0]?.node.phone).toBe('+998901234567');
    const sale = await saleCreated(h, { customerId: ids.dilnoza, total: '100.00' });
    const entity = (permissions: string[], allowErrors = false) =>
      gql<{ _entities: { customer: { phone: string } | null }[] }>(
        h,
        'query($r: [_Any!]!) { _entities(representations: $r) { ... on Sale { customer { phone } } } }',
        { r: [{ __typename: 'Sale', id: sale, customerId: ids.dilnoza }] },
        { permissions, allowErrors },
      );
    expect((await entity(MANAGER)).data?._entities[0]?.customer?.phone).toBe('+998901234567');
    expect((await entity(CASHIER)).data?._entities[0]?.customer?.phone).toBe('+998 90 *** ** 67');
    // Reading the customer of a sale needs customers:read.
    const none = await entity(['sales:read'], true);
    expect(none.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

describe('search', () => {
  it('finds by phone suffix and prefix, with or without the country code', async () => {
    expect(await search('4567')).toEqual([ids.karim, ids.dilnoza]);
    expect(await search('90 123')).toEqual([ids.dilnoza]);
    expect(await search('+998 93')).toEqual([ids.karim]);
    expect(await search('2267')).toEqual([ids.dilshod]);
    expect(await search('99999')).toEqual([]);
  });

  it('finds by name words, case-insensitively, in any script', async () => {
    expect(await search('dil')).toEqual([ids.dilshod, ids.dilnoza]);
    expect(await search('DIL kar')).toEqual([ids.dilnoza]);
    expect(await search('ольга')).toEqual([ids.olga]);
    expect(await search('100%')).toEqual([]);
  });

  it('filters by tag and pages newest first without repeats', async () => {
    expect(
      (await gql<Page>(h, list, { filter: { tag: 'vip' } })).data!.customers.edges.map((e) => e.node.id),
    ).toEqual([ids.dilnoza]);
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const page: Page = (await gql<Page>(h, list, { first: 3, after })).data!;
      seen.push(...page.customers.edges.map((e) => e.node.id));
      if (!page.customers.pageInfo.hasNextPage) break;
      after = page.customers.pageInfo.endCursor;
    }
    expect(seen).toEqual([ids.olga, ids.karim, ids.dilshod, ids.dilnoza]);
  });

  it("never lists another tenant's customers", async () => {
    const b = await gql<Page>(h, list, { filter: { search: '4567' } }, { tenant: TENANT_B });
    expect(b.data?.customers.edges.map((e) => e.node.name)).toEqual(['Dilnoza in B']);
  });
});

describe('updateCustomer', () => {
  const update = `mutation($input: UpdateCustomerInput!) { updateCustomer(input: $input) {
    customer { phone name birthday tags notes } errors { code field } } }`;
  type Out = { updateCustomer: { customer: Record<string, unknown> | null; errors: { code: string }[] } };

  it('changes, clears and audits details; a new phone is shown in full to the cashier who typed it', async () => {
    const id = await createCustomer(h, { phone: '+998901119999', name: 'Old', birthday: '1990-05-01' });
    const res = await gql<Out>(
      h,
      update,
      {
        input: {
          id,
          phone: '90 111 88 88',
          birthday: '1991-06-02',
          tags: ['Regular', 'regular'],
          notes: 'Window seat',
        },
      },
      { permissions: CASHIER },
    );
    expect(res.data?.updateCustomer).toEqual({
      customer: {
        phone: '+998901118888',
        name: 'Old',
        birthday: '1991-06-02',
        tags: ['regular'],
        notes: 'Window seat',
      },
      errors: [],
    });
    const cleared = await gql<Out>(
      h,
      update,
      { input: { id, name: null, birthday: null } },
      { permissions: CASHIER },
    );
    expect(cleared.data?.updateCustomer.customer).toMatchObject({
      name: null,
      birthday: null,
      phone: '+998 90 *** ** 88',
    });
    const audit = await h.db.admin<{ data: { fields: string[] } }>(
      "SELECT data FROM audit.entry WHERE action = 'customer.updated' AND entity_id = $1 ORDER BY seq",
      [id],
    );
    expect(audit.map((a) => a.data.fields)).toEqual([
      ['phone', 'birthday', 'tags', 'notes'],
      ['name', 'birthday'],
    ]);
  });

  it('returns typed errors for a duplicate or malformed phone, an unknown customer and bad details', async () => {
    const id = await createCustomer(h, { phone: '+998901117777' });
    const codes = async (input: Record<string, unknown>) =>
      (await gql<Out>(h, update, { input: { id, ...input } })).data!.updateCustomer.errors.map((e) => e.code);
    expect(await codes({ phone: '+998901234567' })).toEqual(['DUPLICATE_PHONE']);
    expect(await codes({ phone: 'call me' })).toEqual(['INVALID_PHONE']);
    expect(await codes({ phone: null })).toEqual(['INVALID_PHONE']);
    expect(await codes({ id: newId(), name: 'x' })).toEqual(['UNKNOWN_CUSTOMER']);
    expect(await codes({ id: 'customer-1', name: 'x' })).toEqual(['INVALID_ID']);
    expect(await codes({ name: 'x'.repeat(201), notes: 'y'.repeat(2001), tags: ['z'.repeat(51)] })).toEqual([
      'INVALID_NAME',
      'INVALID_TAGS',
      'INVALID_NOTES',
    ]);
    expect(await codes({ birthday: '2999-01-01' })).toEqual(['INVALID_BIRTHDAY']);
    const badDate = await gql(h, update, { input: { id, birthday: '2020-02-30' } }, { allowErrors: true });
    expect(badDate.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});
