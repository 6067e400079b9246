/**
 * Masked errors name the trace id of the request they arose in, without an AsyncLocalStorage:
 * `errorTracePlugin` records it from the request's context when Apollo Server reports the errors,
 * and the masker reads it back. Requests in flight at the same time each get their own id.
 */
import { Writable } from 'node:stream';
import { ApolloServer } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { TRACE_HEADER } from './auth.ts';
import { createErrorMasker, errorTracePlugin } from './errors.ts';
import { createHttpService, executeApollo } from './http.ts';
import { ServiceMetrics } from './metrics.ts';

interface Context {
  traceId: string;
}

async function server(withPlugin: boolean) {
  const logged: { traceId?: string; msg?: string }[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      logged.push(JSON.parse(String(chunk)));
      done();
    },
  });
  const apollo = new ApolloServer<Context>({
    typeDefs: 'type Query { boom(wait: Int!): Int, refused: Int }',
    resolvers: {
      Query: {
        // Resolves after `wait` ms, then fails unexpectedly: requests overlap before they fail.
        boom: async (_: unknown, args: { wait: number }) => {
          await new Promise((resolve) => setTimeout(resolve, args.wait));
          throw new Error('relation "secret_table" does not exist');
        },
        refused: () => {
          throw new GraphQLError('No', { extensions: { code: 'FORBIDDEN' } });
        },
      },
    },
    formatError: createErrorMasker({ log: pino({ level: 'error' }, sink), expose: false }),
    plugins: withPlugin ? [errorTracePlugin<Context>()] : [],
  });
  await apollo.start();
  const run = async (query: string, traceId: string) => {
    const response = await apollo.executeOperation({ query }, { contextValue: { traceId } });
    return response.body.kind === 'single' ? response.body.singleResult : null;
  };
  return { apollo, run, logged };
}

describe('masked errors and the trace id', () => {
  it("carry each overlapping request's own trace id, in the answer and in the log", async () => {
    const { apollo, run, logged } = await server(true);
    try {
      const [slow, fast] = await Promise.all([
        run('{ boom(wait: 40) }', 'trace-slow'),
        run('{ boom(wait: 5) }', 'trace-fast'),
      ]);
      expect(slow?.errors?.[0]).toMatchObject({
        message: 'Internal server error',
        extensions: { code: 'INTERNAL_SERVER_ERROR', traceId: 'trace-slow' },
      });
      expect(fast?.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR', traceId: 'trace-fast' });
      expect(JSON.stringify([slow, fast])).not.toMatch(/secret_table/);
      expect(logged.map((entry) => entry.traceId).sort()).toEqual(['trace-fast', 'trace-slow']);
      // An expected error passes as it is, with no trace id added.
      expect((await run('{ refused }', 'trace-x'))?.errors?.[0]?.extensions).toEqual({ code: 'FORBIDDEN' });
    } finally {
      await apollo.stop();
    }
  });

  it('has no trace id to name without the plugin (what the plugin adds)', async () => {
    const { apollo, run } = await server(false);
    try {
      const result = await run('{ boom(wait: 1) }', 'trace-1');
      expect(result?.errors?.[0]?.extensions).toEqual({ code: 'INTERNAL_SERVER_ERROR' });
    } finally {
      await apollo.stop();
    }
  });

  it('names the trace id the gateway sent, through the HTTP service as a subgraph serves it', async () => {
    const { apollo } = await server(true);
    const http = createHttpService({
      name: 'trace-test',
      log: pino({ level: 'silent' }),
      metrics: new ServiceMetrics('trace_test'),
      readiness: {},
      async graphql(req, res, { traceId, readJson }) {
        await executeApollo(apollo, req, res, await readJson(), async () => ({ traceId }));
      },
    });
    const port = await http.listen(0);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [TRACE_HEADER]: 'from-gateway-1' },
        body: JSON.stringify({ query: '{ boom(wait: 1) }' }),
      });
      const body = (await response.json()) as { errors: { extensions: Record<string, unknown> }[] };
      expect(response.headers.get(TRACE_HEADER)).toBe('from-gateway-1');
      expect(body.errors[0]?.extensions).toEqual({
        code: 'INTERNAL_SERVER_ERROR',
        traceId: 'from-gateway-1',
      });
    } finally {
      await http.close();
      await apollo.stop();
    }
  });
});
