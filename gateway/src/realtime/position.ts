/**
 * Positions in the event log, as subscription cursors. The log is read in `(txid, id)` order
 * (see server-kit's events.ts): a cursor is that pair, opaque to clients (base64url of
 * `txid:id`), compared as numbers.
 */
import { GraphQLError } from 'graphql';

export interface LogPosition {
  txid: bigint;
  id: bigint;
}

/** Before the first event. */
export const LOG_START: LogPosition = { txid: 0n, id: 0n };

export const encodePosition = (p: LogPosition): string =>
  Buffer.from(`${p.txid}:${p.id}`).toString('base64url');

/** The position a cursor names; a malformed cursor is `BAD_USER_INPUT` on `after`. */
export function decodePosition(cursor: string): LogPosition {
  const match = /^(\d{1,20}):(\d{1,19})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) {
    throw new GraphQLError('Invalid event cursor', {
      extensions: { code: 'BAD_USER_INPUT', field: 'after' },
    });
  }
  return { txid: BigInt(match[1]!), id: BigInt(match[2]!) };
}

/** Whether `a` comes after `b` in the log. */
export const isAfter = (a: LogPosition, b: LogPosition): boolean =>
  a.txid > b.txid || (a.txid === b.txid && a.id > b.id);
