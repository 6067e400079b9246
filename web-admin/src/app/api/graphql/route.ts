/**
 * The BFF endpoint the browser's Apollo Client talks to. It forwards GraphQL POSTs to the
 * gateway with the access token from the httpOnly cookie, so the token never reaches browser
 * JavaScript. CSRF: the cookies are SameSite=Lax (not sent on cross-site POSTs), only JSON
 * bodies are accepted (a cross-site form cannot send one without a CORS preflight), and a
 * foreign Origin is refused.
 */
import { type NextRequest, NextResponse } from 'next/server';
import { adminEnv } from '../../../server/env.ts';
import { ACCESS_COOKIE } from '../../../server/session.ts';

const MAX_BODY_BYTES = 1024 * 1024;
const TIMEOUT_MS = 30_000;

function graphqlError(status: number, code: string, message: string) {
  return NextResponse.json({ errors: [{ message, extensions: { code } }] }, { status });
}

function sameOrigin(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return true; // same-origin fetches from older browsers, server-side callers
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

export async function POST(request: NextRequest) {
  if (!sameOrigin(request)) return graphqlError(403, 'FORBIDDEN', 'Cross-origin requests are not allowed');
  if (!request.headers.get('content-type')?.toLowerCase().includes('application/json')) {
    return graphqlError(415, 'UNSUPPORTED_MEDIA_TYPE', 'Send GraphQL requests as application/json');
  }
  const token = request.cookies.get(ACCESS_COOKIE)?.value;
  if (!token) return graphqlError(401, 'UNAUTHENTICATED', 'Not signed in');

  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES)
    return graphqlError(413, 'PAYLOAD_TOO_LARGE', 'Request too large');

  let upstream: Response;
  try {
    upstream = await fetch(adminEnv().gatewayUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: request.headers.get('accept') ?? 'application/graphql-response+json, application/json',
        authorization: `Bearer ${token}`,
      },
      body,
      cache: 'no-store',
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch {
    return graphqlError(502, 'GATEWAY_UNAVAILABLE', 'The API is not reachable');
  }
  return new NextResponse(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'application/json',
      'cache-control': 'no-store',
    },
  });
}
