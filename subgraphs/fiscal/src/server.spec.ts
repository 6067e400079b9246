import { createLogger } from '@jowi/server-kit';
import { GraphQLError } from 'graphql';
import { describe, expect, it } from 'vitest';
import { createErrorFormatter } from './server.ts';

describe('mercurius error formatter', () => {
  it('masks unexpected errors with a trace id and keeps expected ones', () => {
    const format = createErrorFormatter({ log: createLogger('fiscal', 'silent'), expose: false });
    const boom = new GraphQLError('relation "secret" does not exist', {
      path: ['fiscalDevices'],
      originalError: new Error('relation "secret" does not exist'),
    });
    const denied = new GraphQLError('Missing permission', {
      path: ['fiscalReceipt'],
      originalError: new Error('x'),
      extensions: { code: 'FORBIDDEN' },
    });
    const { response } = format({ data: null, errors: [boom, denied] }, {
      traceId: 'trace-1',
    } as unknown as Parameters<typeof format>[1]);
    expect(response.errors?.[0]).toMatchObject({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR', traceId: 'trace-1' },
    });
    expect(response.errors?.[1]).toMatchObject({
      message: 'Missing permission',
      extensions: { code: 'FORBIDDEN' },
    });
  });
});
