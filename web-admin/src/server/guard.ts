/**
 * Server-side checks for back-office pages and actions: is there a session, and does it carry
 * the permission a page needs. Pages call these themselves (not only the layout), so a page
 * can never render for the wrong person because a layout was skipped or changed.
 */
import { hasPermission } from '@jowi/server-kit/permissions';
import { cookies, headers } from 'next/headers';
import { redirect } from 'next/navigation';
import { cache } from 'react';
import { ViewerDocument, type ViewerQuery } from '../__generated__/graphql.ts';
import { safeNextPath } from '../lib/safe-path.ts';
import { verifyClaims } from './claims.ts';
import { gatewayRequest } from './gateway.ts';
import { ACCESS_COOKIE, RETURN_TO_HEADER, type SessionClaims } from './session.ts';

/** A signed-in visitor as seen by a server component. */
export interface Session {
  accessToken: string;
  claims: SessionClaims;
}

/** The session of this request (its token verified), or null. */
export const readSession = cache(async (): Promise<Session | null> => {
  const accessToken = (await cookies()).get(ACCESS_COOKIE)?.value;
  const claims = accessToken ? await verifyClaims(accessToken) : null;
  return accessToken && claims ? { accessToken, claims } : null;
});

/**
 * The session, or a redirect to the login page that comes back to `returnTo` (by default the
 * requested path, as recorded by the proxy) afterwards.
 */
export async function requireSession(returnTo?: string): Promise<Session> {
  const session = await readSession();
  if (!session) {
    const back = safeNextPath(returnTo ?? (await headers()).get(RETURN_TO_HEADER));
    redirect(`/login?next=${encodeURIComponent(back)}`);
  }
  return session;
}

/** Whether the session's token grants `permission` (e.g. `catalog:read`), the `*` wildcard included. */
export function can(session: Pick<Session, 'claims'>, permission: string): boolean {
  return hasPermission(session.claims.permissions, permission);
}

/**
 * Permissions that make someone a back-office user. A cashier's role has none of them (it sells
 * on the till), so a cashier's sign-in is refused here even though the login itself succeeds.
 */
const BACK_OFFICE_PERMISSIONS = ['reports:read', 'catalog:write', 'staff:manage'] as const;

/** Whether these claims may open the back office at all: a staff member with a back-office permission. */
export function canUseBackOffice(session: Pick<Session, 'claims'>): boolean {
  return session.claims.kind === 'staff' && BACK_OFFICE_PERMISSIONS.some((p) => can(session, p));
}

/** The signed-in person, or null when the gateway cannot say (it is down); redirects when the token is rejected. */
export const loadViewer = cache(async (session: Session): Promise<NonNullable<ViewerQuery['me']> | null> => {
  const result = await gatewayRequest(ViewerDocument, {}, session.accessToken);
  if (!result.ok && result.reason === 'unauthenticated') redirect('/login');
  return result.ok ? result.data.me : null;
});
