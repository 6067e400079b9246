/**
 * The baseline: a stock `@apollo/gateway` + `@apollo/server` (startStandaloneServer, default
 * settings, NODE_ENV=production) over the same supergraph and subgraphs. The only addition is
 * what our subgraphs require: a `willSendRequest` that forwards a gateway-signed identity,
 * signed once per request like ours. It does not verify client tokens (the bench identity is
 * fixed), so it does strictly less work per request than our gateway.
 */
import { readFileSync } from 'node:fs';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { IDENTITY_HEADER, type Identity, importKey, signIdentity } from '@jowi/server-kit';
import type { StackKeys } from '@jowi/system';
import { input, ready } from './common.ts';

interface Input {
  keys: StackKeys;
  urls: Record<string, string>;
  identity: Identity;
}
interface Context {
  token: () => Promise<string>;
}

const { keys, urls, identity } = input<Input>();
const key = await importKey(keys.gateway.privateJwk);
const kid = keys.gateway.privateJwk.kid;
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(new URL('../../schema/supergraph.graphql', import.meta.url), 'utf8'),
  buildService({ name, url }) {
    return new RemoteGraphQLDataSource<Context>({
      url: urls[name] ?? url,
      async willSendRequest({ request, context }) {
        request.http?.headers.set(IDENTITY_HEADER, await context.token());
      },
    });
  },
});
const server = new ApolloServer<Context>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { port: 0, host: '127.0.0.1' },
  context: async () => {
    let token: Promise<string> | undefined;
    return { token: () => (token ??= signIdentity(key, kid, identity)) };
  },
});
ready({ url }, () => server.stop());
