/**
 * The write kit against a real PostgreSQL: declared constraint violations (unique, foreign key,
 * check, exclusion — by constraint name) become the caller's user errors and roll the write
 * back; anything undeclared is re-thrown and, through the error masker, reaches the client only
 * as INTERNAL_SERVER_ERROR; `reject` rolls back with errors. And the one permission check.
 */
import { Writable } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import type { DataSource } from 'typeorm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RequestContext, requireAnyPermission, requirePermission, systemContext } from './context.ts';
import { createErrorMasker, type UserError, userErrorFactory } from './errors.ts';
import { createLogger } from './logger.ts';
import { ALL_PERMISSIONS, hasAnyPermission, hasPermission, missingPermissions } from './permissions.ts';
import { createTestDatabase, staffIdentity, type TestDatabase } from './testing/index.ts';
import {
  constraintViolation,
  isUniqueViolation,
  payloadOf,
  reject,
  runWrite,
  type ViolationMap,
} from './write.ts';

const TENANT = '0190a000-0000-7000-8000-0000000000a1';
type Code = 'DUPLICATE_SKU' | 'UNKNOWN_PARENT' | 'INVALID_QUANTITY' | 'SLOT_TAKEN' | 'GONE';
const userError = userErrorFactory<Code>();

const VIOLATIONS: ViolationMap = {
  item_sku_key: userError('DUPLICATE_SKU', 'SKU is already used', ['input', 'sku']),
  item_parent_fk: userError('UNKNOWN_PARENT', 'No such parent', ['input', 'parentId']),
  item_qty_positive: userError('INVALID_QUANTITY', 'Quantity must be positive', ['input', 'qty']),
  item_slot_excl: (violation) =>
    userError('SLOT_TAKEN', `Slot overlaps (${violation.kind})`, ['input', 'slot']),
};

let db: TestDatabase;
let ds: DataSource;
let ctx: RequestContext;

beforeAll(async () => {
  db = await createTestDatabase([]);
  await db.admin(`
    CREATE SCHEMA kit;
    CREATE TABLE kit.parent (id int PRIMARY KEY);
    CREATE TABLE kit.item (
      id int PRIMARY KEY,
      sku text NOT NULL CONSTRAINT item_sku_key UNIQUE,
      parent_id int CONSTRAINT item_parent_fk REFERENCES kit.parent (id),
      qty int NOT NULL CONSTRAINT item_qty_positive CHECK (qty > 0),
      slot int4range,
      CONSTRAINT item_slot_excl EXCLUDE USING gist (slot WITH &&)
    );
    INSERT INTO kit.parent VALUES (1);
    GRANT USAGE ON SCHEMA kit TO jowi_sales;
    GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA kit TO jowi_sales;
  `);
  ds = await db.dataSource('sales');
  ctx = systemContext({ db: ds, tenantId: TENANT, log: createLogger('kit-test', 'silent') });
});
afterAll(async () => db?.drop());

interface Item {
  id: number;
  sku: string;
  parentId?: number | null;
  qty?: number;
  slot?: string | null;
}

/** Inserts a marker row and then the item, in one write: a failure must roll back both. */
const insertItem = (item: Item) =>
  runWrite(
    ctx,
    async (m) => {
      await m.query('INSERT INTO kit.parent VALUES ($1) ON CONFLICT DO NOTHING', [1000 + item.id]);
      await m.query('INSERT INTO kit.item (id, sku, parent_id, qty, slot) VALUES ($1, $2, $3, $4, $5)', [
        item.id,
        item.sku,
        item.parentId ?? null,
        item.qty ?? 1,
        item.slot ?? null,
      ]);
      return item.id;
    },
    VIOLATIONS,
  );

const committed = async (id: number) =>
  (await db.admin('SELECT 1 FROM kit.parent WHERE id = $1', [1000 + id])).length > 0;

describe('runWrite', () => {
  it('returns the value of a write that commits', async () => {
    expect(await insertItem({ id: 1, sku: 'A-1', parentId: 1, slot: '[1,5)' })).toEqual({
      ok: true,
      value: 1,
    });
    expect(await committed(1)).toBe(true);
  });

  it('turns a unique violation into the declared error and rolls the write back', async () => {
    const result = await insertItem({ id: 2, sku: 'A-1' });
    expect(result).toEqual({
      ok: false,
      errors: [
        {
          __typename: 'UserErrorDetail',
          code: 'DUPLICATE_SKU',
          message: 'SKU is already used',
          field: ['input', 'sku'],
        },
      ],
    });
    expect(await committed(2)).toBe(false);
  });

  it('maps foreign key, check and exclusion violations by constraint name', async () => {
    const codes = async (item: Item) => {
      const result = await insertItem(item);
      return result.ok ? [] : result.errors.map((e) => [e.code, e.message]);
    };
    expect(await codes({ id: 3, sku: 'B-1', parentId: 99 })).toEqual([['UNKNOWN_PARENT', 'No such parent']]);
    expect(await codes({ id: 4, sku: 'B-2', qty: 0 })).toEqual([
      ['INVALID_QUANTITY', 'Quantity must be positive'],
    ]);
    expect(await codes({ id: 5, sku: 'B-3', slot: '[3,8)' })).toEqual([
      ['SLOT_TAKEN', 'Slot overlaps (exclusion)'],
    ]);
    for (const id of [3, 4, 5]) expect(await committed(id)).toBe(false);
  });

  it('re-throws a violation of a constraint the caller did not declare', async () => {
    const attempt = insertItem({ id: 1, sku: 'C-1' });
    await expect(attempt).rejects.toSatisfy((error) => isUniqueViolation(error, 'item_pkey'));
    expect(await committed(1)).toBe(true); // the first write, untouched
  });

  it('returns the errors a write rejected itself with, and rolls it back', async () => {
    const result = await runWrite(ctx, async (m) => {
      await m.query('INSERT INTO kit.parent VALUES (2000)');
      reject(userError('GONE', 'It vanished', ['input', 'id']), userError('GONE', 'So did this'));
    });
    expect(result.ok ? [] : result.errors.map((e) => e.message)).toEqual(['It vanished', 'So did this']);
    expect(await db.admin('SELECT 1 FROM kit.parent WHERE id = 2000')).toEqual([]);
  });

  it('shapes results as payloads', () => {
    const failed: UserError = userError('GONE', 'x');
    expect(payloadOf('item', { ok: true, value: 7 })).toEqual({ item: 7, errors: [] });
    expect(payloadOf('item', { ok: false, errors: [failed] })).toEqual({ item: null, errors: [failed] });
  });
});

describe('constraintViolation', () => {
  it('reads the kind, constraint and table from the driver error', async () => {
    const error = await ds
      .query("INSERT INTO kit.item (id, sku, qty) VALUES (9, 'A-1', 1)")
      .catch((e: unknown) => e);
    expect(constraintViolation(error)).toMatchObject({
      kind: 'unique',
      constraint: 'item_sku_key',
      table: 'item',
    });
    expect(constraintViolation(new Error('boom'))).toBeNull();
    expect(constraintViolation({ code: '40001' })).toBeNull(); // a serialization failure is no constraint
  });
});

describe('an unexpected failure behind a mutation', () => {
  it('reaches the client only as INTERNAL_SERVER_ERROR with a trace id, and is logged', async () => {
    const logged: { msg?: string; err?: { message?: string } }[] = [];
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logged.push(JSON.parse(String(chunk)));
        done();
      },
    });
    const server = new ApolloServer<RequestContext>({
      typeDefs: `type Query { ok: Boolean }
        type ItemError { code: String! }
        type AddItemPayload { item: Int errors: [ItemError!]! }
        type Mutation { addItem(id: Int!, sku: String!): AddItemPayload! }`,
      resolvers: {
        Mutation: {
          addItem: async (_: unknown, args: { id: number; sku: string }) =>
            payloadOf('item', await insertItem({ id: args.id, sku: args.sku })),
        },
      },
      formatError: createErrorMasker({ log: pino({ level: 'error' }, sink), expose: false }),
    });
    await server.start();
    const run = async (id: number, sku: string) => {
      const response = await server.executeOperation(
        {
          query:
            'mutation($id: Int!, $sku: String!) { addItem(id: $id, sku: $sku) { item errors { code } } }',
          variables: { id, sku },
        },
        { contextValue: ctx },
      );
      return response.body.kind === 'single' ? response.body.singleResult : null;
    };
    try {
      // Declared: data. Undeclared (the primary key): masked.
      expect((await run(20, 'A-1'))?.data).toEqual({
        addItem: { item: null, errors: [{ code: 'DUPLICATE_SKU' }] },
      });
      const masked = await run(1, 'D-1');
      expect(masked?.errors?.[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR' },
      });
      expect(JSON.stringify(masked)).not.toMatch(/item_pkey|duplicate key/);
      expect(logged.some((entry) => /item_pkey/.test(entry.err?.message ?? ''))).toBe(true);
    } finally {
      await server.stop();
    }
  });
});

describe('permissions', () => {
  it('grants what is held, and everything to the * wildcard', () => {
    expect(hasPermission(['catalog:read'], 'catalog:read')).toBe(true);
    expect(hasPermission(['catalog:read'], 'catalog:write')).toBe(false);
    expect(hasPermission([ALL_PERMISSIONS], 'catalog:write')).toBe(true);
    expect(hasAnyPermission(['sales:read'], ['fiscal:read', 'sales:read'])).toBe(true);
    expect(hasAnyPermission(['catalog:read'], ['fiscal:read', 'sales:read'])).toBe(false);
    expect(hasAnyPermission(['*'], ['fiscal:read'])).toBe(true);
    expect(missingPermissions(['catalog:read'], ['catalog:read', 'catalog:write'])).toEqual([
      'catalog:write',
    ]);
    expect(missingPermissions(['*'], ['catalog:read', 'catalog:write'])).toEqual([]);
  });

  it('throws FORBIDDEN for a caller without the permission, and passes the wildcard', () => {
    const as = (permissions: string[]) => ({ ...ctx, identity: staffIdentity(TENANT, permissions) });
    const forbidden = (fn: () => unknown) => {
      try {
        fn();
      } catch (error) {
        return error instanceof GraphQLError ? error.extensions.code : error;
      }
      return 'passed';
    };
    expect(forbidden(() => requirePermission(as(['catalog:read']), 'catalog:write'))).toBe('FORBIDDEN');
    expect(requirePermission(as(['catalog:write']), 'catalog:write')).toBe(TENANT);
    expect(requirePermission(as(['*']), 'catalog:write')).toBe(TENANT);
    expect(forbidden(() => requireAnyPermission(as(['catalog:read']), ['fiscal:read', 'sales:read']))).toBe(
      'FORBIDDEN',
    );
    expect(requireAnyPermission(as(['*']), ['fiscal:read'])).toBe(TENANT);
  });
});
