/**
 * The subgraphs' remembered identity verdicts (`createIdentityVerifier`): a valid gateway token
 * is verified once until its own expiry; a forged, altered or expired one never gets through.
 * Real keys, no mocks.
 */
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type CryptoKey,
  createIdentityVerifier,
  generateSigningKeys,
  type Identity,
  importKey,
  signIdentity,
} from './auth.ts';

const IDENTITY: Identity = {
  kind: 'staff',
  tenantId: 'af26d4cb-4b3d-8e6a-a364-5eabd6192517',
  subject: 'b9259eec-65f3-8fd1-a010-417a746eb905',
  roles: ['cashier'],
  permissions: ['catalog:read'],
};

describe('createIdentityVerifier', () => {
  let publicKey: CryptoKey;
  let privateKey: CryptoKey;
  let otherKey: CryptoKey;
  beforeAll(async () => {
    const pair = await generateSigningKeys('gw');
    publicKey = await importKey(pair.publicJwk);
    privateKey = await importKey(pair.privateJwk);
    otherKey = await importKey((await generateSigningKeys('gw')).privateJwk);
  });

  it('answers a token it verified from memory until the token expires, then not at all', async () => {
    const clock = { now: Date.now() };
    const verify = createIdentityVerifier(publicKey, { now: () => clock.now });
    const token = await signIdentity(privateKey, 'gw', IDENTITY);
    const first = await verify(token);
    expect(first).toEqual(IDENTITY);
    // The same object: served from memory, not verified again — and frozen, since it is shared.
    expect(await verify(token)).toBe(first);
    expect(Object.isFrozen(first)).toBe(true);
    expect(Object.isFrozen(first!.permissions)).toBe(true);
    clock.now += 31_000; // tokens live 30 s
    expect(await verify(token)).toBeNull();
  });

  it('never accepts a forged or altered token, even after the genuine one was remembered', async () => {
    const verify = createIdentityVerifier(publicKey);
    const genuine = await signIdentity(privateKey, 'gw', IDENTITY);
    expect(await verify(genuine)).not.toBeNull();
    const forged = await signIdentity(otherKey, 'gw', { ...IDENTITY, permissions: ['catalog:cost'] });
    expect(await verify(forged)).toBeNull();
    const [header, , signature] = genuine.split('.');
    const payload = Buffer.from(
      JSON.stringify({ idn: { ...IDENTITY, tenantId: 'f2c8a669-ebfe-8169-a537-c57ce81d4f83' } }),
    ).toString('base64url');
    expect(await verify(`${header}.${payload}.${signature}`)).toBeNull();
    expect(await verify(undefined)).toBeNull();
  });

  it('refuses a token without an expiry (the gateway always sets one)', async () => {
    const verify = createIdentityVerifier(publicKey);
    const noExpiry = await new SignJWT({ idn: IDENTITY })
      .setProtectedHeader({ alg: 'EdDSA', kid: 'gw' })
      .setIssuer('jowi-gateway')
      .setAudience('jowi-subgraph')
      .sign(privateKey);
    expect(await verify(noExpiry)).toBeNull();
  });
});
