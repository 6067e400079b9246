/**
 * Email/password sign-in. Expected failures come back as typed `errors` in the payload and
 * are shown by code in the chosen language; a network failure says the server is unreachable.
 */
import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { Button, Card, CardContent, CardHeader, CardTitle, Input, Label } from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import { useLoginMutation } from '../../__generated__/hooks.ts';
import { errorKey, type MessageKey, useI18n } from '../../lib/i18n.tsx';
import { sessionStore } from '../../lib/session.ts';
import { Preferences } from '../shell/preferences.tsx';

export function LoginScreen() {
  const { t } = useI18n();
  const [login, { loading }] = useLoginMutation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<MessageKey | null>(null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setError(null);
    try {
      const { data } = await login({ variables: { input: { email: email.trim(), password } } });
      const payload = data?.login;
      const staff = payload?.staff;
      if (!payload || payload.errors.length || !payload.accessToken || !payload.refreshToken || !staff) {
        setError(errorKey(payload?.errors[0]?.code ?? 'unknown'));
        return;
      }
      sessionStore.set({
        accessToken: payload.accessToken,
        refreshToken: payload.refreshToken,
        staff: {
          id: staff.id,
          name: staff.name,
          email: staff.email,
          tenantId: staff.tenant.id,
          tenantName: staff.tenant.name,
        },
      });
    } catch (caught) {
      const code = CombinedGraphQLErrors.is(caught) ? caught.errors[0]?.extensions?.code : undefined;
      setError(
        typeof code === 'string'
          ? errorKey(code)
          : CombinedGraphQLErrors.is(caught)
            ? 'error.unknown'
            : 'error.network',
      );
    }
  }

  return (
    <div className="flex min-h-screen flex-col bg-muted/40">
      <header className="flex justify-end p-4">
        <Preferences />
      </header>
      <main className="flex flex-1 items-center justify-center p-4">
        <Card className="w-full max-w-sm">
          <CardHeader>
            <p className="text-sm font-semibold text-primary">{t('app.name')}</p>
            <CardTitle>{t('login.title')}</CardTitle>
          </CardHeader>
          <CardContent>
            <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
              <div className="flex flex-col gap-2">
                <Label htmlFor="login-email">{t('login.email')}</Label>
                <Input
                  id="login-email"
                  type="email"
                  autoComplete="username"
                  autoFocus
                  required
                  value={email}
                  invalid={error === 'error.INVALID_CREDENTIALS'}
                  onChange={(e) => setEmail(e.target.value)}
                />
              </div>
              <div className="flex flex-col gap-2">
                <Label htmlFor="login-password">{t('login.password')}</Label>
                <Input
                  id="login-password"
                  type="password"
                  autoComplete="current-password"
                  required
                  value={password}
                  invalid={error === 'error.INVALID_CREDENTIALS'}
                  onChange={(e) => setPassword(e.target.value)}
                />
              </div>
              {error ? (
                <p role="alert" className="text-sm text-destructive">
                  {t(error)}
                </p>
              ) : null}
              <Button type="submit" size="lg" loading={loading} disabled={!email.trim() || !password}>
                {loading ? t('login.submitting') : t('login.submit')}
              </Button>
            </form>
          </CardContent>
        </Card>
      </main>
    </div>
  );
}
