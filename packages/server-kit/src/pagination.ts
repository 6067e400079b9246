/**
 * Relay connections with keyset cursors. A cursor is an opaque base64url JSON array of the sort
 * key values of the last row; the next page continues strictly after it, so pages stay fast at
 * any depth and never skip or repeat rows when data changes in between.
 */
import { GraphQLError } from 'graphql';
import { isUuid } from './ids.ts';

export const MAX_PAGE_SIZE = 250;
export const DEFAULT_PAGE_SIZE = 50;

export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new GraphQLError(`first must be between 0 and ${MAX_PAGE_SIZE}`, {
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  }
  return first;
}

export function encodeCursor(values: (string | number)[]): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | null | undefined, arity: number): (string | number)[] | null {
  if (!cursor) return null;
  try {
    const values = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (
      Array.isArray(values) &&
      values.length === arity &&
      values.every((v) => ['string', 'number'].includes(typeof v))
    ) {
      return values as (string | number)[];
    }
  } catch {
    // fall through
  }
  throw new GraphQLError('Invalid cursor', { extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** Builds a connection from `limit + 1` fetched rows. */
export function toConnection<T>(
  rows: T[],
  limit: number,
  cursorOf: (row: T) => (string | number)[],
): Connection<T> {
  const page = rows.slice(0, limit);
  const edges = page.map((node) => ({ cursor: encodeCursor(cursorOf(node)), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > limit, endCursor: edges.at(-1)?.cursor ?? null } };
}

/**
 * Newest-first keyset pages ordered by a `timestamptz` and a uuid. The cursor carries the time in
 * whole microseconds since the epoch — exactly what PostgreSQL stores; a JS Date would drop the
 * microseconds and pages would skip or repeat rows — and the id.
 */
export interface TimeIdCursor {
  micros: string;
  id: string;
}

/** Decodes `after` for a time/id keyset; a malformed cursor is BAD_USER_INPUT on `after`. */
export function decodeTimeIdCursor(after: string | null | undefined): TimeIdCursor | null {
  const cursor = decodeCursor(after, 2);
  if (!cursor) return null;
  const [micros, id] = cursor;
  if (typeof micros !== 'string' || !/^-?\d{1,20}$/.test(micros) || typeof id !== 'string' || !isUuid(id)) {
    throw new GraphQLError('Invalid cursor', { extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
  }
  return { micros, id };
}

/** `(timeColumn, idColumn) < cursor`, appending the cursor's two values to `params`. */
export function beforeTimeIdSql(
  timeColumn: string,
  idColumn: string,
  cursor: TimeIdCursor,
  params: unknown[],
): string {
  params.push(cursor.micros, cursor.id);
  const n = params.length;
  return `(${timeColumn}, ${idColumn}) < (timestamptz 'epoch' + $${n - 1}::bigint * interval '1 microsecond', $${n}::uuid)`;
}

/** SQL for the cursor value of a `timestamptz` column: whole microseconds since the epoch, as text. */
export const cursorMicrosSql = (column: string): string =>
  `(extract(epoch FROM ${column}) * 1000000)::bigint::text`;
