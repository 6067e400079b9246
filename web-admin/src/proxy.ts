/**
 * Session upkeep before any page, action or BFF call runs: when the access-token cookie has
 * expired but a refresh token is present, rotate it once and hand the new tokens both to this
 * request (so the page sees them) and to the browser (Set-Cookie). Authorisation itself stays
 * in pages, actions and the gateway — this only keeps a valid session alive.
 */
import { type NextRequest, NextResponse } from 'next/server';
import { rotateSession } from './server/auth.ts';
import {
  ACCESS_COOKIE,
  clearSession,
  REFRESH_COOKIE,
  RETURN_TO_HEADER,
  writeSession,
} from './server/session.ts';

export async function proxy(request: NextRequest) {
  // Layouts cannot see the URL; this tells `requireSession` where to come back to after login.
  request.headers.set(RETURN_TO_HEADER, `${request.nextUrl.pathname}${request.nextUrl.search}`);
  const hasAccess = request.cookies.has(ACCESS_COOKIE);
  const refreshToken = request.cookies.get(REFRESH_COOKIE)?.value;
  if (hasAccess || !refreshToken) return NextResponse.next({ request: { headers: request.headers } });

  const outcome = await rotateSession(refreshToken);
  if (!outcome.ok) {
    // A gateway outage is no reason to sign the user out: keep the refresh token for later.
    if (outcome.code === 'GATEWAY_UNAVAILABLE')
      return NextResponse.next({ request: { headers: request.headers } });
    request.cookies.delete(REFRESH_COOKIE);
    const response = NextResponse.next({ request: { headers: request.headers } });
    clearSession(response.cookies);
    return response;
  }
  request.cookies.set(ACCESS_COOKIE, outcome.tokens.accessToken);
  request.cookies.set(REFRESH_COOKIE, outcome.tokens.refreshToken);
  const response = NextResponse.next({ request: { headers: request.headers } });
  writeSession(response.cookies, outcome.tokens);
  return response;
}

export const config = {
  // Everything except static assets and the login page (which must work without a session).
  matcher: ['/((?!_next/static|_next/image|favicon.ico|login).*)'],
};
