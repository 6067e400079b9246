'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { LogoutDocument } from '../../__generated__/graphql.ts';
import { gatewayRequest } from '../../server/gateway.ts';
import { clearSession, REFRESH_COOKIE } from '../../server/session.ts';

/**
 * Signs out: identity revokes this session's refresh-token family (`logout`), then both cookies
 * go. The cookies are dropped even when the gateway cannot be reached — the person asked to
 * leave this browser — and the access token lapses within its 15 minutes.
 */
export async function logout(): Promise<void> {
  const jar = await cookies();
  const refreshToken = jar.get(REFRESH_COOKIE)?.value;
  if (refreshToken) await gatewayRequest(LogoutDocument, { input: { refreshToken } });
  clearSession(jar);
  redirect('/login');
}
