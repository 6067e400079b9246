'use client';

import { Button, Input, Label } from '@jowi/ui';
import { useActionState } from 'react';
import { useI18n } from '../../../i18n/provider.tsx';
import { login } from './actions.ts';
import { initialLoginState } from './state.ts';

/** Email + password form; errors from the server action appear inline, in the chosen language. */
export function LoginForm({ next }: { next: string }) {
  const { dict } = useI18n();
  const t = dict.login;
  const [state, action, pending] = useActionState(login, initialLoginState);
  const error = state.status === 'error' ? state : null;

  return (
    <form action={action} className="flex flex-col gap-4" noValidate>
      <input type="hidden" name="next" value={next} />
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="email">{t.email}</Label>
        <Input
          id="email"
          name="email"
          type="email"
          autoComplete="username"
          required
          defaultValue={state.email}
          invalid={error?.field === 'email'}
          aria-describedby={error ? 'login-error' : undefined}
          autoFocus={!error || error.field === 'email'}
        />
      </div>
      <div className="flex flex-col gap-1.5">
        <Label htmlFor="password">{t.password}</Label>
        <Input
          id="password"
          name="password"
          type="password"
          autoComplete="current-password"
          required
          invalid={error?.field === 'password' || error?.code === 'INVALID_CREDENTIALS'}
          aria-describedby={error ? 'login-error' : undefined}
          autoFocus={Boolean(error) && error?.field !== 'email'}
        />
      </div>
      {error ? (
        <p
          id="login-error"
          role="alert"
          data-code={error.code}
          className="rounded-md border border-destructive/30 bg-destructive/5 px-3 py-2 text-sm text-destructive"
        >
          {error.message}
        </p>
      ) : null}
      <Button type="submit" size="lg" loading={pending} className="mt-2 w-full">
        {t.submit}
      </Button>
    </form>
  );
}
