/**
 * Who is calling, from the request headers alone (before the body is read, so the body limit
 * can depend on it): an API key, an access token, or nobody. A refused credential is answered
 * here (401, or 503 when API keys cannot be verified) and the request goes no further.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type AccessTokenVerdict, ANONYMOUS, type Identity, sendJson } from '@jowi/server-kit';
import { type createApiKeyAuthenticator, presentedApiKey } from './api-keys.ts';
import { clientIp } from './identity-keys.ts';

export interface Authenticator {
  /** The caller's identity, or null when a refusal has been sent. */
  authenticate(req: IncomingMessage, res: ServerResponse): Promise<Identity | null>;
  /**
   * The caller behind an `Authorization` value and/or an API key given some other way (a
   * graphql-ws `connection_init`): the identity, or why it was refused.
   */
  fromCredentials(credentials: Credentials): Promise<CredentialVerdict>;
}

/** Credentials as a caller presents them. */
export interface Credentials {
  authorization?: string | null;
  apiKey?: string | null;
}

export type CredentialVerdict =
  | { ok: true; identity: Identity }
  | { ok: false; reason: 'API_KEY_INVALID' | 'API_KEY_UNVERIFIABLE' | string };

function refuseApiKey(res: ServerResponse, reason: 'API_KEY_INVALID' | 'API_KEY_UNVERIFIABLE'): null {
  const unavailable = reason === 'API_KEY_UNVERIFIABLE';
  sendJson(res, unavailable ? 503 : 401, {
    errors: [
      {
        message: unavailable ? 'API keys cannot be verified right now' : 'Invalid or revoked API key',
        extensions: { code: unavailable ? 'SERVICE_UNAVAILABLE' : 'UNAUTHENTICATED', reason },
      },
    ],
  });
  return null;
}

function refuseToken(res: ServerResponse, code: string): null {
  sendJson(
    res,
    401,
    {
      errors: [
        { message: 'Invalid or expired access token', extensions: { code: 'UNAUTHENTICATED', reason: code } },
      ],
    },
    { 'www-authenticate': `Bearer error="invalid_token", error_description="${code}"` },
  );
  return null;
}

export function createAuthenticator(options: {
  apiKeys: ReturnType<typeof createApiKeyAuthenticator>;
  verifyBearer: (token: string) => Promise<AccessTokenVerdict>;
  trustProxy: boolean | undefined;
}): Authenticator {
  async function fromCredentials({ authorization, apiKey }: Credentials): Promise<CredentialVerdict> {
    if (apiKey) {
      const verdict = await options.apiKeys.authenticate(apiKey);
      return verdict.ok ? verdict : { ok: false, reason: verdict.reason };
    }
    if (!authorization) return { ok: true, identity: ANONYMOUS };
    const match = /^Bearer\s+(\S+)$/i.exec(authorization);
    const verdict = match
      ? await options.verifyBearer(match[1]!)
      : ({ ok: false, code: 'TOKEN_INVALID' } as const);
    if (!verdict.ok) return { ok: false, reason: verdict.code };
    const { claims } = verdict;
    const identity: Identity = {
      kind: claims.kind,
      tenantId: claims.tid,
      subject: claims.sub,
      roles: claims.roles,
      permissions: claims.perms,
      // A PIN sign-in on a paired terminal binds the session to that terminal.
      terminalId: claims.term ?? null,
    };
    return { ok: true, identity };
  }
  async function fromHeaders(req: IncomingMessage, res: ServerResponse): Promise<Identity | null> {
    const verdict = await fromCredentials({
      apiKey: presentedApiKey(req),
      authorization: req.headers.authorization,
    });
    if (verdict.ok) return verdict.identity;
    if (verdict.reason === 'API_KEY_INVALID' || verdict.reason === 'API_KEY_UNVERIFIABLE') {
      return refuseApiKey(res, verdict.reason);
    }
    return refuseToken(res, verdict.reason);
  }
  return {
    fromCredentials,
    async authenticate(req, res) {
      const identity = await fromHeaders(req, res);
      // Subgraphs see where the request came from (identity throttles sign-ins by IP).
      return identity && { ...identity, clientIp: clientIp(req, options.trustProxy) };
    },
  };
}
