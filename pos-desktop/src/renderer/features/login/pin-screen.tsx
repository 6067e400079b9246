/**
 * Cashier sign-in with a PIN, also the lock screen. The host checks the PIN online
 * (`terminalPinLogin`) or, without internet, against the verifier it cached at that cashier's
 * last online sign-in; another cashier's PIN on a locked till switches cashier. Wrong PINs are
 * throttled by the host (`PIN_LOCKED` with the seconds to wait).
 */
import { Button, Card, CardContent, CardHeader, CardTitle, Input } from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import type { SessionState } from '../../../shared/pos-types.ts';
import { posApi } from '../../lib/bridge.ts';
import { FailureMessage, useHostCall } from '../../lib/host-call.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { CenteredPage } from '../shell/centered-page.tsx';

const PIN = /^\d{4,8}$/;
const KEYS = ['1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;

export function PinScreen({
  session,
  onSignedIn,
}: {
  session: SessionState;
  onSignedIn(next: SessionState): void;
}) {
  const { t } = useI18n();
  const [pin, setPin] = useState('');
  const login = useHostCall((value: string) => posApi().session.pinLogin(value));
  const locked = session.locked && session.cashier;

  async function submit(event?: FormEvent) {
    event?.preventDefault();
    if (!PIN.test(pin)) return;
    const result = await login.run(pin);
    setPin('');
    if (result) onSignedIn(result.session);
  }

  const press = (digit: string) => setPin((current) => (current + digit).slice(0, 8));

  return (
    <CenteredPage header={<span className="text-sm text-muted-foreground">{session.deviceName}</span>}>
      <Card className="w-full max-w-sm">
        <CardHeader>
          <p className="text-sm font-semibold text-primary">{t('app.name')}</p>
          <CardTitle>{locked ? t('pin.lockedTitle') : t('pin.title')}</CardTitle>
          {locked ? (
            <p className="text-sm text-muted-foreground">
              {t('pin.lockedBy')}: {session.cashier?.name}. {t('pin.switchHint')}
            </p>
          ) : null}
        </CardHeader>
        <CardContent>
          {session.signedOut ? (
            <div
              data-testid="signed-out"
              data-code={session.signedOut.reason.code}
              className="mb-3 space-y-1"
            >
              <p className="text-sm font-medium">{session.signedOut.cashierName}</p>
              <FailureMessage error={session.signedOut.reason} />
            </div>
          ) : null}
          <form className="flex flex-col gap-3" onSubmit={submit} noValidate>
            <Input
              data-testid="pin"
              type="password"
              inputMode="numeric"
              autoComplete="off"
              autoFocus
              aria-label={t('pin.label')}
              maxLength={8}
              className="h-14 text-center font-mono text-2xl tracking-[0.5em]"
              value={pin}
              onChange={(e) => setPin(e.target.value.replace(/\D/g, '').slice(0, 8))}
            />
            <div className="grid grid-cols-3 gap-2">
              {KEYS.map((digit) => (
                <PadKey key={digit} label={digit} onPress={() => press(digit)} />
              ))}
              <PadKey label="⌫" aria-label={t('pin.erase')} onPress={() => setPin((p) => p.slice(0, -1))} />
              <PadKey label="0" onPress={() => press('0')} />
              <PadKey label="✓" aria-label={t('pin.submit')} onPress={() => void submit()} />
            </div>
            <FailureMessage error={login.error} testId="pin-error" />
            <Button type="submit" size="lg" loading={login.busy} disabled={!PIN.test(pin)}>
              {t('pin.submit')} <kbd className="text-xs opacity-70">Enter</kbd>
            </Button>
          </form>
        </CardContent>
      </Card>
    </CenteredPage>
  );
}

function PadKey({ label, onPress, ...props }: { label: string; onPress(): void; 'aria-label'?: string }) {
  return (
    <Button
      variant="outline"
      className="h-16 text-2xl"
      // The PIN field keeps focus, so a hardware keyboard still works after a tap.
      onMouseDown={(e) => e.preventDefault()}
      onClick={onPress}
      {...props}
    >
      {label}
    </Button>
  );
}
