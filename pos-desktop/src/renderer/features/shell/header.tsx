/**
 * The till's top bar: device, cashier, sync chip, lock, preferences and sign-out. A lock or
 * sign-out the host refuses (it is gone, or already signed the cashier out) is said here: a cashier
 * who pressed F6 and walked away must not believe the till is locked.
 */
import { Button } from '@jowi/ui';
import { type ReactNode, useCallback, useEffect, useState } from 'react';
import type { PosFailure } from '../../../shared/pos-types.ts';
import { posApi } from '../../lib/bridge.ts';
import { useI18n } from '../../lib/i18n.tsx';
import { useTillSession } from '../../lib/till-session.tsx';
import { Preferences } from './preferences.tsx';
import { SyncBadge } from './sync-badge.tsx';

/** F6 locks the till wherever focus is. */
const LOCK_KEY = 'F6';

export function Header({ offline, children }: { offline: boolean; children?: ReactNode }) {
  const { t, failure } = useI18n();
  const { session, setSession } = useTillSession();
  const [failed, setFailed] = useState<{ action: 'lock' | 'logout'; error: PosFailure } | null>(null);

  const lock = useCallback(async () => {
    const result = await posApi().session.lock();
    setFailed(result.ok ? null : { action: 'lock', error: result.error });
    if (result.ok) setSession(result.value);
  }, [setSession]);

  async function logout() {
    const result = await posApi().session.logout();
    setFailed(result.ok ? null : { action: 'logout', error: result.error });
    if (result.ok) setSession(result.value);
  }

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== LOCK_KEY) return;
      event.preventDefault();
      void lock();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [lock]);

  return (
    <>
      <header className="flex items-center gap-3 border-b bg-card px-4 py-2">
        <p className="font-semibold text-primary">{t('app.name')}</p>
        <p className="min-w-0 truncate text-sm text-muted-foreground">
          {session.deviceName} · <span data-testid="cashier-name">{session.cashier?.name}</span>
          {session.mode === 'offline' ? ` · ${t('pin.offlineMode')}` : ''}
        </p>
        {offline ? <span className="text-xs text-warning">{t('sell.offline')}</span> : null}
        <div className="ml-auto flex items-center gap-2">
          {children}
          <SyncBadge />
          <Preferences />
          <HeaderAction label={t('pin.lock')} shortcut={LOCK_KEY} testId="lock" onClick={() => void lock()} />
          <Button variant="ghost" size="sm" onClick={() => void logout()}>
            {t('logout')}
          </Button>
        </div>
      </header>
      {failed ? (
        <p
          role="alert"
          data-testid="header-error"
          data-code={failed.error.code}
          className="border-b border-destructive/40 bg-destructive/10 px-4 py-2 text-sm font-medium text-destructive"
        >
          {t(failed.action === 'lock' ? 'pin.lockFailed' : 'logoutFailed')}: {failure(failed.error)}
        </p>
      ) : null}
    </>
  );
}

/** A header button with its keyboard shortcut shown. */
export function HeaderAction({
  label,
  shortcut,
  testId,
  onClick,
}: {
  label: string;
  shortcut: string;
  testId?: string;
  onClick(): void;
}) {
  return (
    <Button variant="outline" size="sm" data-testid={testId} onClick={onClick}>
      {label} <kbd className="text-xs opacity-70">{shortcut}</kbd>
    </Button>
  );
}
