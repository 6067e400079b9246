import { newId } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import {
  AIRPORT,
  as,
  avgCost,
  DEMO,
  ERRORS,
  level,
  MAIN,
  type UserErrorShape,
  useDocumentsStack,
} from './documents.fixtures.ts';
import { divRoundHalfUp, movingAverage } from './index.ts';

useDocumentsStack();

describe('goods receiving', { timeout: 60_000 }, () => {
  const flour = newId();
  let supplierId: string;

  it('creates a supplier, refuses a duplicate name', async () => {
    const gql = await as(DEMO.id);
    const q = `mutation($input: CreateSupplierInput!) { createSupplier(input: $input) { supplier { id name active } ${ERRORS} } }`;
    const created = await gql<{ createSupplier: { supplier: { id: string }; errors: UserErrorShape[] } }>(q, {
      input: { name: 'Toshkent Don', taxId: '123456789' },
    });
    expect(created.createSupplier.errors).toEqual([]);
    supplierId = created.createSupplier.supplier.id;
    const dup = await gql<{ createSupplier: { errors: UserErrorShape[] } }>(q, {
      input: { name: 'toshkent don' },
    });
    expect(dup.createSupplier.errors.map((e) => e.code)).toEqual(['DUPLICATE_SUPPLIER']);
    // A TIN has 9 digits and a PINFL 14; 10 to 13 digits are neither.
    const badTax = await gql<{ createSupplier: { errors: UserErrorShape[] } }>(q, {
      input: { name: 'Samarqand Un', taxId: '1234567890' },
    });
    expect(badTax.createSupplier.errors.map((e) => e.code)).toEqual(['INVALID_TAX_ID']);
    const list = await gql<{ suppliers: { edges: { node: { name: string } }[] } }>(
      '{ suppliers(search: "don") { edges { node { name } } } }',
    );
    expect(list.suppliers.edges.map((e) => e.node.name)).toEqual(['Toshkent Don']);
  });

  it('receives goods idempotently and moves the moving average cost', async () => {
    const gql = await as(DEMO.id);
    const q = `mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) {
      receipt { id total supplier { name } lines { quantity unitCost } } duplicate ${ERRORS} } }`;
    const first = {
      id: newId(),
      storeId: MAIN.id,
      supplierId,
      lines: [{ productId: flour, quantity: '10.000', unitCost: '8000.00' }],
      note: 'invoice 1',
    };
    const r1 = await gql<{
      receiveGoods: { receipt: { total: string }; duplicate: boolean; errors: UserErrorShape[] };
    }>(q, {
      input: first,
    });
    expect(r1.receiveGoods.errors).toEqual([]);
    expect(r1.receiveGoods.receipt.total).toBe('80000.00');
    expect(await avgCost(DEMO.id, MAIN.id, flour)).toBe('800000'); // tiyin per kg

    const again = await gql<{ receiveGoods: { duplicate: boolean } }>(q, { input: first });
    expect(again.receiveGoods.duplicate).toBe(true);
    expect(await level(DEMO.id, MAIN.id, flour)).toBe('10.000');

    const conflict = await gql<{ receiveGoods: { errors: UserErrorShape[] } }>(q, {
      input: { ...first, lines: [{ productId: flour, quantity: '11.000', unitCost: '8000.00' }] },
    });
    expect(conflict.receiveGoods.errors.map((e) => e.code)).toEqual(['CONTENT_MISMATCH']);

    // 5 kg sold, then 20 kg at 9 000.00 and 0.5 kg at 9 999.99:
    // A' = (5.000 × 800000 + 20.000 × 900000 + 0.500 × 999999) / 25.500 = 882 352.9… → 882353.
    await gql(`mutation($input: CorrectStockInput!) { correctStock(input: $input) { ${ERRORS} } }`, {
      input: { storeId: MAIN.id, productId: flour, quantity: '-5.000', note: 'sold off the books' },
    });
    const r2 = await gql<{ receiveGoods: { errors: UserErrorShape[] } }>(q, {
      input: {
        id: newId(),
        storeId: MAIN.id,
        supplierId,
        lines: [
          { productId: flour, quantity: '20.000', unitCost: '9000.00' },
          { productId: newId(), quantity: '1.000', unitCost: '0.00' },
        ],
      },
    });
    expect(r2.receiveGoods.errors).toEqual([]);
    await gql(q, {
      input: {
        id: newId(),
        storeId: MAIN.id,
        supplierId,
        lines: [{ productId: flour, quantity: '0.500', unitCost: '9999.99' }],
      },
    });
    const expected = divRoundHalfUp(5_000n * 800_000n + 20_000n * 900_000n + 500n * 999_999n, 25_500n);
    // The same figure, step by step, as the service computes it (two receipts).
    const step1 = movingAverage(5_000n, 800_000n, 20_000n, 20_000n * 900_000n);
    expect(step1).toBe(880_000n);
    expect(movingAverage(25_000n, step1, 500n, 500n * 999_999n)).toBe(882_353n);
    expect(expected).toBe(882_353n);
    expect(await avgCost(DEMO.id, MAIN.id, flour)).toBe('882353');

    const levels = await gql<{ _entities: { stockLevels: { averageCost: string; quantity: string }[] }[] }>(
      `query($reps: [_Any!]!) { _entities(representations: $reps) { ... on Product { stockLevels { quantity averageCost } } } }`,
      { reps: [{ __typename: 'Product', id: flour }] },
    );
    expect(levels._entities[0]!.stockLevels).toEqual([{ quantity: '25.500', averageCost: '8823.53' }]);
  });

  it('rejects negative quantities, negative costs, malformed ids with typed errors', async () => {
    const gql = await as(DEMO.id);
    const res = await gql<{ receiveGoods: { receipt: null; errors: UserErrorShape[] } }>(
      `mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) { receipt { id } ${ERRORS} } }`,
      {
        input: {
          id: 'receipt-1',
          storeId: 'main',
          supplierId,
          lines: [
            { productId: flour, quantity: '-1.000', unitCost: '100.00' },
            { productId: newId(), quantity: '1.000', unitCost: '-1.00' },
          ],
        },
      },
    );
    expect(res.receiveGoods.receipt).toBeNull();
    expect(res.receiveGoods.errors).toEqual([
      { code: 'INVALID_ID', field: ['input', 'id'] },
      { code: 'INVALID_ID', field: ['input', 'storeId'] },
      { code: 'INVALID_QUANTITY', field: ['input', 'lines', '0', 'quantity'] },
      { code: 'INVALID_COST', field: ['input', 'lines', '1', 'unitCost'] },
    ]);
    const unknownSupplier = await gql<{ receiveGoods: { errors: UserErrorShape[] } }>(
      `mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) { ${ERRORS} } }`,
      {
        input: {
          id: newId(),
          storeId: MAIN.id,
          supplierId: newId(),
          lines: [{ productId: flour, quantity: '1.000', unitCost: '1.00' }],
        },
      },
    );
    expect(unknownSupplier.receiveGoods.errors.map((e) => e.code)).toEqual(['SUPPLIER_NOT_FOUND']);
  });
});

describe('transfers', { timeout: 60_000 }, () => {
  const sugar = newId();
  const TRANSFER = `transfer { id status lines { quantitySent quantityReceived inTransit unitCost } }`;

  it('sends (in transit), then receives, carrying the average cost', async () => {
    const gql = await as(DEMO.id);
    const supplier = await gql<{ createSupplier: { supplier: { id: string } } }>(
      `mutation { createSupplier(input: { name: "Shakar" }) { supplier { id } } }`,
    );
    await gql(`mutation($input: ReceiveGoodsInput!) { receiveGoods(input: $input) { ${ERRORS} } }`, {
      input: {
        id: newId(),
        storeId: MAIN.id,
        supplierId: supplier.createSupplier.supplier.id,
        lines: [{ productId: sugar, quantity: '50.000', unitCost: '12000.00' }],
      },
    });
    const id = newId();
    const send = `mutation($input: SendTransferInput!) { sendTransfer(input: $input) { ${TRANSFER} ${ERRORS} } }`;
    const sent = await gql<{
      sendTransfer: { transfer: { status: string; lines: unknown[] }; errors: UserErrorShape[] };
    }>(send, {
      input: {
        id,
        fromStoreId: MAIN.id,
        toStoreId: AIRPORT.id,
        lines: [{ productId: sugar, quantity: '12.500' }],
      },
    });
    expect(sent.sendTransfer.errors).toEqual([]);
    expect(sent.sendTransfer.transfer.status).toBe('IN_TRANSIT');
    expect(sent.sendTransfer.transfer.lines).toEqual([
      { quantitySent: '12.500', quantityReceived: null, inTransit: '12.500', unitCost: '12000.00' },
    ]);
    // Sent again (a retry): nothing more leaves.
    await gql(send, {
      input: {
        id,
        fromStoreId: MAIN.id,
        toStoreId: AIRPORT.id,
        lines: [{ productId: sugar, quantity: '12.500' }],
      },
    });
    expect(await level(DEMO.id, MAIN.id, sugar)).toBe('37.500');
    expect(await level(DEMO.id, AIRPORT.id, sugar)).toBeNull();

    const PRODUCT = `query($reps: [_Any!]!, $s: ID) { _entities(representations: $reps) { ... on Product { inTransit here: inTransit(storeId: $s) } } }`;
    const inTransit = await gql<{ _entities: { inTransit: string; here: string }[] }>(PRODUCT, {
      reps: [{ __typename: 'Product', id: sugar }],
      s: AIRPORT.id,
    });
    expect(inTransit._entities[0]).toEqual({ inTransit: '12.500', here: '12.500' });
    const open = await gql<{ transfers: { edges: { node: { id: string } }[] } }>(
      `query($s: ID) { transfers(status: IN_TRANSIT, storeId: $s) { edges { node { id } } } }`,
      { s: AIRPORT.id },
    );
    expect(open.transfers.edges.map((e) => e.node.id)).toEqual([id]);

    // 12.000 arrived (0.500 short).
    const receive = `mutation($input: ReceiveTransferInput!) { receiveTransfer(input: $input) { ${TRANSFER} ${ERRORS} } }`;
    const got = await gql<{
      receiveTransfer: { transfer: { status: string; lines: unknown[] }; errors: UserErrorShape[] };
    }>(receive, { input: { transferId: id, lines: [{ productId: sugar, quantity: '12.000' }] } });
    expect(got.receiveTransfer.errors).toEqual([]);
    expect(got.receiveTransfer.transfer.status).toBe('RECEIVED');
    expect(got.receiveTransfer.transfer.lines).toEqual([
      { quantitySent: '12.500', quantityReceived: '12.000', inTransit: '0.000', unitCost: '12000.00' },
    ]);
    expect(await level(DEMO.id, AIRPORT.id, sugar)).toBe('12.000');
    expect(await avgCost(DEMO.id, AIRPORT.id, sugar)).toBe('1200000');
    const after = await gql<{ _entities: { inTransit: string }[] }>(PRODUCT, {
      reps: [{ __typename: 'Product', id: sugar }],
      s: AIRPORT.id,
    });
    expect(after._entities[0]!.inTransit).toBe('0.000');
    const twice = await gql<{ receiveTransfer: { errors: UserErrorShape[] } }>(receive, {
      input: { transferId: id },
    });
    expect(twice.receiveTransfer.errors.map((e) => e.code)).toEqual(['TRANSFER_NOT_IN_TRANSIT']);
    expect(await level(DEMO.id, AIRPORT.id, sugar)).toBe('12.000');

    const moves = await gql<{
      movements: { edges: { node: { kind: string; quantity: string; sourceKind: string } }[] };
    }>(
      `query($p: ID) { movements(filter: { productId: $p }) { edges { node { kind quantity sourceKind } } } }`,
      { p: sugar },
    );
    expect(moves.movements.edges.map((e) => e.node)).toEqual([
      { kind: 'TRANSFER_IN', quantity: '12.000', sourceKind: 'TRANSFER_IN' },
      { kind: 'TRANSFER_OUT', quantity: '-12.500', sourceKind: 'TRANSFER_OUT' },
      { kind: 'RECEIPT', quantity: '50.000', sourceKind: 'GOODS_RECEIPT' },
    ]);
  });

  it('refuses a transfer to the same store, more received than sent, and malformed ids', async () => {
    const gql = await as(DEMO.id);
    const same = await gql<{ sendTransfer: { transfer: null; errors: UserErrorShape[] } }>(
      `mutation($input: SendTransferInput!) { sendTransfer(input: $input) { transfer { id } ${ERRORS} } }`,
      {
        input: {
          id: newId(),
          fromStoreId: MAIN.id,
          toStoreId: MAIN.id,
          lines: [{ productId: sugar, quantity: '1.000' }],
        },
      },
    );
    expect(same.sendTransfer.errors).toEqual([{ code: 'SAME_STORE', field: ['input', 'toStoreId'] }]);
    const bad = await gql<{ sendTransfer: { errors: UserErrorShape[] } }>(
      `mutation($input: SendTransferInput!) { sendTransfer(input: $input) { ${ERRORS} } }`,
      {
        input: {
          id: 'x',
          fromStoreId: MAIN.id,
          toStoreId: 'y',
          lines: [{ productId: 'z', quantity: '0.000' }],
        },
      },
    );
    // Every malformed id — the transfer's, a store's, a product's — is INVALID_ID.
    expect(bad.sendTransfer.errors.map((e) => [e.code, e.field?.join('.')])).toEqual([
      ['INVALID_ID', 'input.id'],
      ['INVALID_ID', 'input.toStoreId'],
      ['INVALID_ID', 'input.lines.0.productId'],
      ['INVALID_QUANTITY', 'input.lines.0.quantity'],
    ]);
    const id = newId();
    await gql(`mutation($input: SendTransferInput!) { sendTransfer(input: $input) { ${ERRORS} } }`, {
      input: {
        id,
        fromStoreId: AIRPORT.id,
        toStoreId: MAIN.id,
        lines: [{ productId: sugar, quantity: '1.000' }],
      },
    });
    const over = await gql<{ receiveTransfer: { errors: UserErrorShape[] } }>(
      `mutation($input: ReceiveTransferInput!) { receiveTransfer(input: $input) { ${ERRORS} } }`,
      {
        input: {
          transferId: id,
          lines: [
            { productId: sugar, quantity: '1.001' },
            { productId: newId(), quantity: '1.000' },
          ],
        },
      },
    );
    expect(over.receiveTransfer.errors.map((e) => e.code)).toEqual([
      'RECEIVED_EXCEEDS_SENT',
      'PRODUCT_NOT_IN_TRANSFER',
    ]);
  });
});
