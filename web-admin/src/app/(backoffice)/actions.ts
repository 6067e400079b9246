'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { clearSession } from '../../server/session.ts';

/**
 * Signs out of this browser by dropping both session cookies. (The refresh token stays valid
 * at identity until it expires — the API has no revoke operation yet.)
 */
export async function logout(): Promise<void> {
  clearSession(await cookies());
  redirect('/login');
}
