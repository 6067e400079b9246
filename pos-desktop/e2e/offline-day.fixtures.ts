/**
 * Helpers of offline-day.spec.ts that need only the gateway or the database: the demo cashier's
 * extra rights, the loyalty program and a customer with points, the catalog by name, the modifiers
 * and marked goods the day sells, and the server-side probes that check each thing happened exactly once.
 */
import type { SaleLineDraft } from '../src/shared/pos-types.ts';
import { gql } from './host-harness.ts';

type Headers = Record<string, string>;
type Admin = <T>(sql: string, params?: unknown[]) => Promise<T[]>;

/** The demo cashier may also refund and discount (a custom role on top of `cashier`). */
export async function grantDemoCashier(url: string, owner: Headers, permissions: string[]): Promise<void> {
  const login = await gql<{ login: { accessToken: string } }>(
    url,
    'mutation($input: LoginInput!) { login(input: $input) { accessToken } }',
    { input: { email: 'cashier@demo.uz', password: 'jowi-demo' } },
  );
  const me = await gql<{ me: { id: string } }>(
    url,
    '{ me { id } }',
    {},
    {
      authorization: `Bearer ${login.login.accessToken}`,
    },
  );
  await gql(
    url,
    'mutation($input: CreateRoleInput!) { createRole(input: $input) { errors { code } } }',
    { input: { name: 'offline-day', permissions } },
    owner,
  );
  await gql(
    url,
    'mutation($input: AssignStaffRolesInput!) { assignStaffRoles(input: $input) { errors { code } } }',
    { input: { staffId: me.me.id, roles: ['cashier', 'offline-day'] } },
    owner,
  );
}

/** A 10 % program and a customer holding `points` (Money: 1 point = 1 tiyin); returns the customer id. */
export async function loyalCustomer(url: string, owner: Headers, points: string): Promise<string> {
  await gql(
    url,
    'mutation($i: SetLoyaltyProgramInput!) { setLoyaltyProgram(input: $i) { errors { code } } }',
    { i: { enabled: true, accrualBps: 1000, maxRedeemPercent: 50 } },
    owner,
  );
  const created = await gql<{ createCustomer: { customer: { id: string } } }>(
    url,
    'mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { customer { id } errors { code } } }',
    { i: { phone: '+998977001122', name: 'Madina' } },
    owner,
  );
  const id = created.createCustomer.customer.id;
  await gql(
    url,
    'mutation($i: AdjustLoyaltyPointsInput!) { adjustLoyaltyPoints(input: $i) { errors { code } } }',
    { i: { customerId: id, points, reason: 'Ochilish bonusi', idempotencyKey: crypto.randomUUID() } },
    owner,
  );
  return id;
}

export async function loyaltyBalance(url: string, owner: Headers, customerId: string): Promise<string> {
  const data = await gql<{ customer: { loyalty: { balance: string } } }>(
    url,
    'query($id: ID!) { customer(id: $id) { loyalty { balance } } }',
    { id: customerId },
    owner,
  );
  return data.customer.loyalty.balance;
}

export interface Product {
  id: string;
  name: string;
  price: string;
  vatRate: number;
  ikpu: string;
  packageCode: string;
  ownerType: SaleLineDraft['ownerType'];
}

/** The demo catalog by name. */
export async function catalogByName(url: string, owner: Headers): Promise<Map<string, Product>> {
  const data = await gql<{ products: { edges: { node: Product }[] } }>(
    url,
    '{ products(first: 100) { edges { node { id name price vatRate ikpu packageCode ownerType } } } }',
    {},
    owner,
  );
  return new Map(data.products.edges.map(({ node }) => [node.name, node]));
}

/**
 * The back office's part of the day: shashlik gets optional extras with price deltas (1 Qo‘shimcha
 * go‘sht +12 000, 2 Qatiq +3 000, 3 Achchiq sous +2 000, keys as the picker numbers them), and
 * the bottled drinks need a marking code per unit. The till pulls both with its catalog.
 */
export async function modifiersAndMarking(url: string, owner: Headers, catalog: Map<string, Product>) {
  const group = await gql<{ createModifierGroup: { modifierGroup: { id: string }; errors: unknown[] } }>(
    url,
    'mutation($i: CreateModifierGroupInput!) { createModifierGroup(input: $i) { modifierGroup { id } errors { code } } }',
    {
      i: {
        name: 'Qo‘shimcha',
        maxSelections: 3,
        options: [
          { name: 'Qo‘shimcha go‘sht', priceDelta: '12000.00' },
          { name: 'Qatiq', priceDelta: '3000.00' },
          { name: 'Achchiq sous', priceDelta: '2000.00' },
        ],
      },
    },
    owner,
  );
  const update = async (name: string, input: Record<string, unknown>) => {
    const done = await gql<{ updateProduct: { errors: unknown[] } }>(
      url,
      'mutation($i: UpdateProductInput!) { updateProduct(input: $i) { errors { code message } } }',
      { i: { id: catalog.get(name)!.id, ...input } },
      owner,
    );
    if (done.updateProduct.errors.length) throw new Error(JSON.stringify(done.updateProduct.errors));
  };
  await update('Shashlik, mol go‘shti', { modifierGroupIds: [group.createModifierGroup.modifierGroup.id] });
  await update('Coca-Cola 0.5 l', { markingRequired: true });
  await update('Hydrolife suv 1 l', { markingRequired: true });
}

/** How often each of `ids` is stored, and its fiscal receipts' requisites (one row per receipt). */
export async function serverCopies(admin: Admin, ids: string[]) {
  const sales = await admin<{ id: string }>('SELECT id::text FROM sales.sale WHERE id = ANY($1::uuid[])', [
    ids,
  ]);
  const receipts = await admin<{
    sale_id: string;
    fiscal_sign: string;
    receipt_seq: number;
    terminal_id: string;
  }>(
    `SELECT sale_id::text, fiscal_sign, receipt_seq, terminal_id FROM fiscal.receipt
      WHERE sale_id = ANY($1::uuid[]) ORDER BY receipt_seq`,
    [ids],
  );
  return { sales: sales.map((s) => s.id).sort(), receipts };
}

/** Stock moved by documents (sale or refund ids), per document and product: Σ quantity and row count. */
export async function stockMoves(admin: Admin, references: string[]) {
  return admin<{ reference: string; product_id: string; kind: string; quantity: string; rows: number }>(
    `SELECT reference, product_id::text, kind, sum(quantity)::text AS quantity, count(*)::int AS rows
       FROM inventory.stock_movement WHERE reference = ANY($1::text[])
      GROUP BY reference, product_id, kind ORDER BY reference, product_id`,
    [references],
  );
}

/** Loyalty ledger rows of these sales, per sale and kind. */
export async function loyaltyRows(admin: Admin, saleIds: string[]) {
  return admin<{ sale_id: string; kind: string; points: string; rows: number }>(
    `SELECT sale_id::text, kind, sum(points)::text AS points, count(*)::int AS rows FROM customers.loyalty_entry
      WHERE sale_id = ANY($1::uuid[]) GROUP BY sale_id, kind ORDER BY sale_id, kind`,
    [saleIds],
  );
}
