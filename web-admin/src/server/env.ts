/**
 * The admin's configuration — the only reader of `process.env` in the server code.
 * Every problem is reported at once. (The admin has no zod dependency, so the few variables
 * are checked by hand.)
 */

/** Validated configuration of the admin server. */
export interface AdminEnv {
  /** The gateway's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  gatewayUrl: string;
  /**
   * Whether session cookies carry `Secure`. Defaults to true in production; set
   * `COOKIE_SECURE=false` only when the admin is served over plain HTTP on a trusted network.
   */
  cookieSecure: boolean;
  /**
   * Identity's published keys (`IDENTITY_JWKS_URL`), which verify the access tokens whose claims
   * decide what the admin shows. Default: identity on this host's port 4001.
   */
  identityJwksUrl: string;
}

function checkHttpUrl(name: string, value: string, problems: string[]): void {
  try {
    const url = new URL(value);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') problems.push(`${name} must be http(s)`);
  } catch {
    problems.push(`${name} is not a URL: ${value}`);
  }
}

/** Parses the admin's environment variables; throws one error listing every problem. */
export function readEnv(source: Record<string, string | undefined>): AdminEnv {
  const problems: string[] = [];
  const gatewayUrl = source.GATEWAY_URL?.trim() || 'http://127.0.0.1:4000/graphql';
  checkHttpUrl('GATEWAY_URL', gatewayUrl, problems);
  const identityJwksUrl = source.IDENTITY_JWKS_URL?.trim() || 'http://127.0.0.1:4001/.well-known/jwks.json';
  checkHttpUrl('IDENTITY_JWKS_URL', identityJwksUrl, problems);
  const rawSecure = source.COOKIE_SECURE?.trim().toLowerCase();
  let cookieSecure = source.NODE_ENV === 'production';
  if (rawSecure === 'true' || rawSecure === '1') cookieSecure = true;
  else if (rawSecure === 'false' || rawSecure === '0') cookieSecure = false;
  else if (rawSecure) problems.push(`COOKIE_SECURE must be true or false, got ${rawSecure}`);
  if (problems.length) throw new Error(`Invalid admin configuration:\n- ${problems.join('\n- ')}`);
  return { gatewayUrl, cookieSecure, identityJwksUrl };
}

let cached: AdminEnv | undefined;

/** The configuration of this process, read on first use (not at build time). */
export function adminEnv(): AdminEnv {
  cached ??= readEnv(process.env);
  return cached;
}
