/**
 * The example integrator's signature check accepts exactly what Jowi's webhook sender signs:
 * the right secret and body within five minutes, nothing else.
 */
import { signWebhook } from '@jowi/integrations';
import { describe, expect, it } from 'vitest';
import { verifySignature } from './integrator.ts';

describe('examples/integrator verifySignature', () => {
  const secret = 'whsec_example';
  const body = '{"id":"42","type":"sale.created","data":{"total":"12500.00"}}';
  const now = 1_765_000_000;

  it('accepts a signature made by the webhook sender', () => {
    expect(verifySignature(signWebhook(secret, body, now), body, secret, now + 10)).toBe(true);
  });

  it('rejects another body, another secret, and a signature older than five minutes', () => {
    const header = signWebhook(secret, body, now);
    expect(verifySignature(header, body.replace('12500', '12501'), secret, now)).toBe(false);
    expect(verifySignature(header, body, 'whsec_other', now)).toBe(false);
    expect(verifySignature(header, body, secret, now + 301)).toBe(false);
    expect(verifySignature('t=abc,v1=00', body, secret, now)).toBe(false);
  });
});
