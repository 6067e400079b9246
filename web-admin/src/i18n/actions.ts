'use server';

import { cookies } from 'next/headers';
import { SetMyPreferencesDocument } from '../__generated__/graphql.ts';
import { gatewayRequest } from '../server/gateway.ts';
import { readSession } from '../server/guard.ts';
import { isLocale } from './locale.ts';
import { rememberLocale } from './locale-cookie.ts';

const LANGUAGES = { uz: 'UZ', ru: 'RU', en: 'EN' } as const;

/**
 * Stores the interface language: in this browser's cookie (setting a cookie in a server action
 * makes Next re-render the current page, so the new texts arrive in the same round trip) and,
 * when someone is signed in, on their staff record (`setMyPreferences`), which sign-in applies on
 * any other browser. A failure to save it there leaves this browser's choice in place.
 */
export async function setLocale(locale: string): Promise<void> {
  if (!isLocale(locale)) return;
  rememberLocale(await cookies(), locale);
  const session = await readSession();
  if (session?.claims.kind === 'staff') {
    await gatewayRequest(
      SetMyPreferencesDocument,
      { input: { language: LANGUAGES[locale] } },
      session.accessToken,
    );
  }
}
