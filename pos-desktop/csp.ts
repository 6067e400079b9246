/**
 * The renderer's Content-Security-Policy, strict in development as in builds.
 *
 * - Scripts only from the app itself. In development Vite's inline scripts (React Refresh's
 *   preamble) carry a nonce that is new for every page served; the header names it.
 * - `connect-src` only to the configured gateway and the POS host (its loopback URL in browser
 *   mode; Electron talks to it over IPC), plus Vite's hot-reload socket in development. A build is
 *   made for one deployment: `VITE_GATEWAY_URL` (default the local gateway) and
 *   `VITE_POS_HOST_URL` (default the loopback host on 127.0.0.1:4020) are read when it is built,
 *   as `JOWI_UPDATE_URL` is for the installer.
 * - Styles allow inline (`style` attributes of the virtualised grid, Vite's injected CSS in
 *   development); nothing else is inline; no `eval`; no plugins, frames, base or form targets.
 *
 * Built HTML gets the policy as a `<meta http-equiv>` (Electron loads files, where no header can
 * be sent); the development server sends it as a header.
 */
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000/graphql';
export const DEFAULT_POS_HOST_URL = 'http://127.0.0.1:4020';

/** Where the renderer may connect. */
export interface CspTargets {
  gatewayUrl: string;
  posHostUrl: string;
}

/** The gateway's origin and, for its subscriptions, the same origin over WebSocket. */
function httpAndWs(url: string): string[] {
  const { origin, protocol, host } = new URL(url);
  return [origin, `${protocol === 'https:' ? 'wss:' : 'ws:'}//${host}`];
}

/** The policy; `dev` adds the nonce of this page and the hot-reload socket of the dev server. */
export function contentSecurityPolicy(
  targets: CspTargets,
  dev?: { nonce: string; hmrOrigin: string },
): string {
  const connect = [
    ...(dev ? ["'self'", dev.hmrOrigin] : []),
    ...httpAndWs(targets.gatewayUrl),
    new URL(targets.posHostUrl).origin,
  ];
  return [
    "default-src 'self'",
    dev ? `script-src 'self' 'nonce-${dev.nonce}'` : "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: https:",
    "font-src 'self' data:",
    `connect-src ${[...new Set(connect)].join(' ')}`,
    "object-src 'none'",
    "frame-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** What Vite writes as the nonce of its inline tags; replaced by each page's own (same length). */
const NONCE_PLACEHOLDER = 'JOWI_CSP_NONCE_PLACEHOLDR';
const newNonce = () => randomBytes(18).toString('base64url').slice(0, NONCE_PLACEHOLDER.length);

/** The Vite plugin: the meta in builds, the header and a fresh nonce per page in development. */
export function cspPlugin(targets: () => CspTargets): Plugin {
  return {
    name: 'jowi:csp',
    config: (_config, { command }) => (command === 'serve' ? { html: { cspNonce: NONCE_PLACEHOLDER } } : {}),
    transformIndexHtml: {
      order: 'post',
      handler: (_html, context) =>
        context.server
          ? []
          : [
              {
                tag: 'meta',
                attrs: { 'http-equiv': 'Content-Security-Policy', content: contentSecurityPolicy(targets()) },
                injectTo: 'head-prepend',
              },
            ],
    },
    configureServer(server) {
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        const nonce = newNonce();
        const host = req.headers.host ?? `127.0.0.1:${server.config.server.port}`;
        res.setHeader(
          'Content-Security-Policy',
          contentSecurityPolicy(targets(), { nonce, hmrOrigin: `ws://${host}` }),
        );
        // Vite's HTML answers carry the placeholder nonce; each page gets its own (same length, so
        // the Content-Length Vite set stays right).
        const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
        res.end = ((chunk?: unknown, ...rest: unknown[]) => {
          if (typeof chunk === 'string') return end(chunk.replaceAll(NONCE_PLACEHOLDER, nonce), ...rest);
          if (Buffer.isBuffer(chunk) && chunk.includes(NONCE_PLACEHOLDER))
            return end(Buffer.from(chunk.toString('utf8').replaceAll(NONCE_PLACEHOLDER, nonce)), ...rest);
          return end(chunk, ...rest);
        }) as ServerResponse['end'];
        next();
      });
    },
  };
}
