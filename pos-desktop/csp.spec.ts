/**
 * The renderer's CSP in development: the dev server (the real Vite config) sends a strict policy
 * whose nonce is new for every page and is the one on Vite's inline scripts, and whose
 * `connect-src` names only the configured gateway, the POS host and the hot-reload socket. (The
 * built page's `<meta>` is checked in Chromium by e2e/local-catalog.spec.ts.)
 */
import { fileURLToPath } from 'node:url';
import { createServer, type ViteDevServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSecurityPolicy } from './csp.ts';

const CONFIG_FILE = fileURLToPath(new URL('./vite.renderer.config.ts', import.meta.url));
const GATEWAY = 'http://127.0.0.1:4999/graphql';
const HOST = 'http://127.0.0.1:4988';

const directive = (policy: string, name: string) =>
  policy
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith(`${name} `));

describe('the renderer CSP', () => {
  it('a build allows connections to the gateway (HTTP and WebSocket) and the POS host only', () => {
    const policy = contentSecurityPolicy({ gatewayUrl: 'https://api.jowi.uz/graphql', posHostUrl: HOST });
    expect(directive(policy, 'connect-src')).toBe(
      'connect-src https://api.jowi.uz wss://api.jowi.uz http://127.0.0.1:4988',
    );
    expect(directive(policy, 'script-src')).toBe("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-eval|\bhttp:(?!\/)|\bws:(?!\/)/);
  });

  describe('the dev server', () => {
    let server: ViteDevServer | undefined;
    const saved = { gateway: process.env.VITE_GATEWAY_URL, host: process.env.VITE_POS_HOST_URL };

    beforeAll(async () => {
      process.env.VITE_GATEWAY_URL = GATEWAY;
      process.env.VITE_POS_HOST_URL = HOST;
      server = await createServer({
        configFile: CONFIG_FILE,
        logLevel: 'silent',
        server: { port: 0, strictPort: false, hmr: false, watch: null },
      });
      await server.listen();
    });

    afterAll(async () => {
      await server?.close();
      for (const [name, value] of [
        ['VITE_GATEWAY_URL', saved.gateway],
        ['VITE_POS_HOST_URL', saved.host],
      ] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    });

    async function page() {
      const url = server!.resolvedUrls!.local[0]!;
      const response = await fetch(url);
      const html = await response.text();
      const policy = response.headers.get('content-security-policy') ?? '';
      const nonce = /'nonce-([^']+)'/.exec(directive(policy, 'script-src') ?? '')?.[1];
      return { url, html, policy, nonce };
    }

    it('sends a policy with a fresh nonce per page, the nonce on every script Vite serves', async () => {
      const first = await page();
      const second = await page();
      expect(first.nonce).toMatch(/^[\w-]{20,}$/);
      expect(second.nonce).toMatch(/^[\w-]{20,}$/);
      expect(second.nonce).not.toBe(first.nonce);
      // Vite's scripts (its client, the entry, any inline preamble) carry this page's nonce.
      const scripts = [...first.html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
      expect(scripts.length).toBeGreaterThan(1);
      for (const attrs of scripts) expect(attrs).toContain(`nonce="${first.nonce}"`);
      expect(first.html).not.toContain('PLACEHOLDR');
    });

    it('lets the page connect to the gateway, the POS host and the hot-reload socket only', async () => {
      const { url, policy } = await page();
      const { host } = new URL(url);
      expect(directive(policy, 'connect-src')?.split(' ').slice(1).sort()).toEqual(
        ["'self'", `ws://${host}`, 'http://127.0.0.1:4999', 'ws://127.0.0.1:4999', HOST].sort(),
      );
      expect(directive(policy, 'script-src')).not.toContain('unsafe');
      expect(directive(policy, 'object-src')).toBe("object-src 'none'");
    });
  });
});
