'use server';

import { cookies } from 'next/headers';
import { redirect } from 'next/navigation';
import { LogoutDocument, ViewerDocument } from '../../../__generated__/graphql.ts';
import { fill, type LoginErrorCode } from '../../../i18n/dictionaries.ts';
import { rememberLocale } from '../../../i18n/locale-cookie.ts';
import { getI18n } from '../../../i18n/server.ts';
import { safeNextPath } from '../../../lib/safe-path.ts';
import { signIn } from '../../../server/auth.ts';
import { verifyClaims } from '../../../server/claims.ts';
import { gatewayRequest } from '../../../server/gateway.ts';
import { canUseBackOffice } from '../../../server/guard.ts';
import { writeSession } from '../../../server/session.ts';
import type { LoginFormState } from './state.ts';

const KNOWN: Partial<Record<string, LoginErrorCode>> = {
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  TOO_MANY_ATTEMPTS: 'TOO_MANY_ATTEMPTS',
  RATE_LIMITED: 'TOO_MANY_ATTEMPTS',
  GATEWAY_UNAVAILABLE: 'GATEWAY_UNAVAILABLE',
};

/**
 * Signs in through the gateway's `login` mutation and keeps the tokens in httpOnly cookies.
 * Expected failures come back as form state (translated); success redirects to `next`.
 */
export async function login(_previous: LoginFormState, form: FormData): Promise<LoginFormState> {
  const { dict } = await getI18n();
  const email = String(form.get('email') ?? '').trim();
  const password = String(form.get('password') ?? '');

  const fail = (gatewayCode: string, field: 'email' | 'password' | null = null): LoginFormState => {
    const code =
      KNOWN[gatewayCode] ?? (gatewayCode in dict.login.errors ? (gatewayCode as LoginErrorCode) : 'UNKNOWN');
    const message =
      code === 'UNKNOWN' ? fill(dict.login.errors.UNKNOWN, { code: gatewayCode }) : dict.login.errors[code];
    return { status: 'error', email, code, message, field };
  };

  if (!email) return fail('EMAIL_REQUIRED', 'email');
  if (!password) return fail('PASSWORD_REQUIRED', 'password');

  const outcome = await signIn(email, password);
  if (!outcome.ok) return fail(outcome.code);

  // A cashier's password is right, but the back office is not theirs: end the new session at once.
  const claims = await verifyClaims(outcome.tokens.accessToken);
  if (!claims || !canUseBackOffice({ claims })) {
    await gatewayRequest(LogoutDocument, { input: { refreshToken: outcome.tokens.refreshToken } });
    return fail('NO_BACK_OFFICE');
  }

  const store = await cookies();
  writeSession(store, outcome.tokens);
  // The language this person chose, on whatever browser: it follows them here.
  const viewer = await gatewayRequest(ViewerDocument, {}, outcome.tokens.accessToken);
  const language = viewer.ok ? viewer.data.me?.language?.toLowerCase() : null;
  if (language) rememberLocale(store, language);
  // Outside any try/catch: redirect() works by throwing.
  redirect(safeNextPath(form.get('next')));
}
