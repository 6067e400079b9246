/**
 * `npm run keys`: prints fresh Ed25519 signing keys as environment lines for a deployment
 * (identity signs access tokens, the gateway signs identities forwarded to subgraphs).
 * Store the output as secrets; never commit it.
 */
import { generateSigningKeys } from '@jowi/server-kit';

const stamp = new Date().toISOString().slice(0, 10);
const identity = await generateSigningKeys(`identity-${stamp}`);
const gateway = await generateSigningKeys(`gateway-${stamp}`);
const line = (name: string, value: unknown) => `${name}='${JSON.stringify(value)}'`;
console.log(
  [
    line('IDENTITY_PRIVATE_JWK', identity.privateJwk),
    line('IDENTITY_PUBLIC_JWKS', [identity.publicJwk]),
    line('GATEWAY_PRIVATE_JWK', gateway.privateJwk),
    line('GATEWAY_PUBLIC_JWK', gateway.publicJwk),
  ].join('\n'),
);
