/**
 * The typed refusals of the gateway's limits. Each is a GraphQLError with a stable code, the
 * HTTP status it is answered with, and the limit (and what was found) in `extensions`, so a
 * client can tell which limit it hit and by how much without parsing the message.
 *
 * Codes (documented in docs/api.md):
 * - `REQUEST_TOO_LARGE` (413) — the HTTP body (answered by server-kit's HTTP shell);
 * - `QUERY_TOO_LARGE` (400) — the query text's bytes or tokens, counted before parsing;
 * - `QUERY_TOO_COMPLEX` (400) — aliases, root fields, fields, directives, inline-fragment
 *   nesting or depth, found by validation;
 * - `QUERY_TOO_COSTLY` (400) — the operation's computed cost over the caller's per-operation limit;
 * - `RATE_LIMITED` (429) — the caller's budget of cost points is spent for now;
 * - `PERSISTED_QUERY_NOT_ALLOWED` (403) — an API key in safelist mode sent an operation not on its list;
 * - `INTROSPECTION_DISABLED` (403) — anonymous introspection where it is turned off;
 * - `OPERATION_RESOLUTION_FAILURE` (400) — `operationName` names no operation of the document.
 */
import { createRequire } from 'node:module';
import { HeaderMap } from '@apollo/server';

// The GraphQLError Apollo Server checks with `instanceof`: graphql's CommonJS entry, the one Node
// resolves for Apollo. (A bundler-style resolver, as in vitest, would otherwise hand this module
// the ESM copy, and Apollo would mask these errors as 500.)
const { GraphQLError } = createRequire(import.meta.url)('graphql') as typeof import('graphql');

export type LimitCode =
  | 'QUERY_TOO_LARGE'
  | 'QUERY_TOO_COMPLEX'
  | 'QUERY_TOO_COSTLY'
  | 'RATE_LIMITED'
  | 'PERSISTED_QUERY_NOT_ALLOWED'
  | 'INTROSPECTION_DISABLED'
  | 'OPERATION_RESOLUTION_FAILURE';

/** Codes the gateway's error masker lets through as they are. */
export const LIMIT_CODES: ReadonlySet<string> = new Set<LimitCode>([
  'QUERY_TOO_LARGE',
  'QUERY_TOO_COMPLEX',
  'QUERY_TOO_COSTLY',
  'RATE_LIMITED',
  'PERSISTED_QUERY_NOT_ALLOWED',
  'INTROSPECTION_DISABLED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export class LimitError extends GraphQLError {
  constructor(
    readonly code: LimitCode,
    message: string,
    readonly status: number,
    details: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) {
    super(message, {
      extensions: {
        code,
        ...details,
        // Read by Apollo Server for the HTTP status and headers; never sent to the client.
        http: { status, headers: new HeaderMap(Object.entries(headers)) },
      },
    });
  }
}

/** A limit on the shape or size of an operation: `{ measure, limit, found }` in extensions. */
export function overLimit(
  code: 'QUERY_TOO_LARGE' | 'QUERY_TOO_COMPLEX',
  measure: string,
  limit: number,
  found: number,
  what = measure,
): LimitError {
  const message =
    measure === 'depth'
      ? `Operation is nested ${found} levels deep; the limit is ${limit}`
      : `Operation has ${found} ${what}; the limit is ${limit}`;
  return new LimitError(code, message, 400, {
    measure,
    limit,
    found,
  });
}

/** The LimitError behind a formatted error, if there is one (validation wraps it). */
export function limitErrorOf(error: unknown): LimitError | null {
  if (error instanceof LimitError) return error;
  const original = (error as { originalError?: unknown } | null)?.originalError;
  return original instanceof LimitError ? original : null;
}
