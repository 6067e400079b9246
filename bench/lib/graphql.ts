/** Plain GraphQL-over-HTTP helpers for sanity checks and sign-in (not used under load). */
import type { Identity } from '@jowi/server-kit';
import { decodeJwt } from 'jose';

export async function post<T = Record<string, unknown>>(
  url: string,
  query: string,
  variables: Record<string, unknown> = {},
  headers: Record<string, string> = {},
): Promise<{ data?: T; errors?: { message: string }[]; bytes: number }> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await res.text();
  try {
    return { ...(JSON.parse(text) as { data?: T; errors?: { message: string }[] }), bytes: text.length };
  } catch {
    return { errors: [{ message: `HTTP ${res.status}: ${text.slice(0, 300)}` }], bytes: text.length };
  }
}

/** Fails loudly when a sanity request returned errors or no data. */
export function expectData<T>(what: string, result: { data?: T; errors?: { message: string }[] }): T {
  if (result.errors?.length || !result.data) {
    throw new Error(`${what}: ${JSON.stringify(result.errors ?? 'no data').slice(0, 600)}`);
  }
  return result.data;
}

export interface Session {
  headers: Record<string, string>;
  /** The same caller as an internal identity (for gateways that sign it themselves). */
  identity: Identity;
}

/** Signs in through our gateway as the demo owner. */
export async function login(gatewayUrl: string, email: string, password: string): Promise<Session> {
  const result = await post<{ login: { accessToken: string | null; errors: { code: string }[] } }>(
    gatewayUrl,
    'mutation Login($input: LoginInput!) { login(input: $input) { accessToken errors { code } } }',
    { input: { email, password } },
  );
  const token = expectData('login', result).login.accessToken;
  if (!token) throw new Error(`login failed: ${JSON.stringify(result)}`);
  const claims = decodeJwt(token) as {
    sub: string;
    tid: string;
    kind: Identity['kind'];
    roles: string[];
    perms: string[];
  };
  return {
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    identity: {
      kind: claims.kind,
      tenantId: claims.tid,
      subject: claims.sub,
      roles: claims.roles,
      permissions: claims.perms,
      clientIp: '127.0.0.1',
    },
  };
}
