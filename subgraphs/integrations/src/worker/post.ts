/**
 * One webhook POST with node:http(s): the socket's DNS lookup refuses private addresses unless
 * they are allowed (see url-policy.ts), redirects are not followed (a 3xx is a failed attempt, so
 * a receiver cannot bounce us to an internal URL), the answer's body is discarded, and the whole
 * exchange is bounded by a timeout. Never throws: the outcome is data for the attempt log.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP } from 'node:net';
import { guardedLookup, hostOf, isPrivateAddress } from '../services/url-policy.ts';

export interface PostResult {
  startedAt: Date;
  /** The receiver's status; null when it never answered. */
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
}

export interface PostOptions {
  headers: Record<string, string>;
  timeoutMs: number;
  allowPrivate: boolean;
}

export function postWebhook(rawUrl: string, body: string, options: PostOptions): Promise<PostResult> {
  const startedAt = new Date();
  const started = performance.now();
  const done = (statusCode: number | null, error: string | null): PostResult => ({
    startedAt,
    statusCode,
    latencyMs: Math.round(performance.now() - started),
    error,
  });
  const url = new URL(rawUrl);
  const host = hostOf(url);
  // An IP literal never goes through the lookup, so it is checked here.
  if (!options.allowPrivate && isIP(host) && isPrivateAddress(host)) {
    return Promise.resolve(done(null, `${host} is a private address webhooks may not reach`));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    const request = client.request(
      url,
      {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Jowi-Webhooks/1',
          'content-length': Buffer.byteLength(body),
          ...options.headers,
        },
        ...(options.allowPrivate ? {} : { lookup: guardedLookup }),
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(done(response.statusCode ?? null, null)));
        response.on('error', (error) => resolve(done(response.statusCode ?? null, error.message)));
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`no answer within ${options.timeoutMs} ms`)),
      options.timeoutMs,
    );
    request.on('close', () => clearTimeout(timer));
    request.on('error', (error) => resolve(done(null, error.message)));
    request.end(body);
  });
}
