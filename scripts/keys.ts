/**
 * `npm run keys`: prints a fresh set of deployment secrets as environment lines — the Ed25519
 * signing keys (identity signs access tokens, the gateway signs identities forwarded to
 * subgraphs), the PostgreSQL superuser password and one password per runtime role (see
 * docker/compose.yaml). Store the output as secrets (e.g. docker/.env); never commit it.
 */
import { randomBytes } from 'node:crypto';
import { generateSigningKeys, RUNTIME_SERVICES, rolePasswordVariable } from '@jowi/server-kit';

const stamp = new Date().toISOString().slice(0, 10);
const identity = await generateSigningKeys(`identity-${stamp}`);
const gateway = await generateSigningKeys(`gateway-${stamp}`);
const line = (name: string, value: unknown) => `${name}='${JSON.stringify(value)}'`;
// Hex: safe inside the migrate job's DATABASE_URL without escaping.
const password = (name: string) => `${name}=${randomBytes(24).toString('hex')}`;
console.log(
  [
    line('IDENTITY_PRIVATE_JWK', identity.privateJwk),
    line('IDENTITY_PUBLIC_JWKS', [identity.publicJwk]),
    line('GATEWAY_PRIVATE_JWK', gateway.privateJwk),
    line('GATEWAY_PUBLIC_JWK', gateway.publicJwk),
    password('POSTGRES_PASSWORD'),
    ...RUNTIME_SERVICES.map((name) => password(rolePasswordVariable(name))),
  ].join('\n'),
);
