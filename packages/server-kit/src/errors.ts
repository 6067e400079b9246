import type { ApolloServerPlugin, BaseContext, GraphQLRequestListener } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import { GraphQLError } from 'graphql';
import type { Logger } from './logger.ts';

/**
 * An expected domain failure, returned as data in a payload's `errors` list. `Code` is the
 * subgraph's registry of codes (an enum in its SDL, a string union after codegen); the public
 * field stays a `String`.
 */
export interface UserError<Code extends string = string> {
  __typename?: 'UserErrorDetail';
  code: Code;
  message: string;
  field?: string[] | null;
}

/** Builds a {@link UserError} whose code must be one of `Code`. */
export type UserErrorFactory<Code extends string> = (
  code: Code,
  message: string,
  field?: readonly string[] | null,
) => UserError<Code>;

/**
 * A subgraph's `userError`, typed by its error-code registry: each subgraph's `src/errors/`
 * calls this once with the code union codegen generates from the `<Subgraph>ErrorCode` enum of
 * its SDL, so a code that is not documented there does not compile. There is deliberately no
 * untyped `userError` in the kit.
 */
export function userErrorFactory<Code extends string>(): UserErrorFactory<Code> {
  return (code, message, field) => ({
    __typename: 'UserErrorDetail',
    code,
    message,
    field: field ? [...field] : null,
  });
}

/** Codes that are safe to show a client as they are. Anything else is masked outside development. */
const SAFE_CODES = new Set([
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'OPERATION_RESOLUTION_FAILURE',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
]);

export function unauthenticated(message = 'Sign in first'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED' } });
}

export function forbidden(message = 'You do not have permission to do this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/**
 * A query argument the service cannot use (a malformed id or cursor, a page size out of range):
 * thrown as `BAD_USER_INPUT`, naming the argument. Queries have no payload to carry errors in;
 * mutations return their input problems as user errors instead.
 */
export function badUserInput(message: string, field: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}

/**
 * The trace id of the request each error arose in: recorded by {@link errorTracePlugin} when
 * Apollo Server reports a request's errors, read by the masker when it formats them. (An
 * AsyncLocalStorage around every HTTP request did this before; on Node 20 it installs promise
 * hooks that every promise of every request pays for — docs/performance.md, issue 19.)
 */
const errorTraces = new WeakMap<object, string>();

/**
 * Apollo Server plugin that lets {@link createErrorMasker} name the request's trace id
 * (`contextValue.traceId`) in masked errors and their log lines. Apollo reports errors to
 * `didEncounterErrors` before it formats the same error objects.
 */
export function errorTracePlugin<
  TContext extends BaseContext & { traceId?: string },
>(): ApolloServerPlugin<TContext> {
  const listener: GraphQLRequestListener<TContext> = {
    async didEncounterErrors({ contextValue, errors }) {
      const traceId = contextValue.traceId;
      if (!traceId) return;
      for (const error of errors) errorTraces.set(error, traceId);
    },
  };
  return {
    async requestDidStart() {
      return listener;
    },
  };
}

/**
 * Builds a `formatError` hook: expected errors pass through; unexpected ones are logged with the
 * trace id and replaced by a generic message carrying only that id (install
 * {@link errorTracePlugin} beside it so the id is known).
 */
export function createErrorMasker(options: { log: Logger; expose: boolean }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && SAFE_CODES.has(code)) return formatted;
    const traced = typeof error === 'object' && error !== null ? errorTraces.get(error) : undefined;
    const traceId = traced ?? (formatted.extensions?.traceId as string | undefined);
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    options.log.error({ err: original, traceId, path: formatted.path }, 'unexpected GraphQL error');
    if (options.expose) return formatted;
    return {
      message: 'Internal server error',
      path: formatted.path,
      locations: formatted.locations,
      extensions: { code: 'INTERNAL_SERVER_ERROR', ...(traceId ? { traceId } : {}) },
    };
  };
}
