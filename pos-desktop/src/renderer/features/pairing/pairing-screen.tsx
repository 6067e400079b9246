/**
 * Pairing: the 8-digit code from the back office (`createTerminalPairingCode`, valid 15 minutes)
 * ties this device to a terminal. Needs the server; the host keeps the device secret.
 */
import { Button, Card, CardContent, CardHeader, CardTitle, FormField, Input } from '@jowi/ui';
import { type FormEvent, useState } from 'react';
import type { SessionState } from '../../../shared/pos-types.ts';
import { posApi } from '../../lib/bridge.ts';
import { FailureMessage, useHostCall } from '../../lib/host-call.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { CenteredPage } from '../shell/centered-page.tsx';

const CODE = /^\d{8}$/;

export function PairingScreen({ onPaired }: { onPaired(session: SessionState): void }) {
  const { t } = useI18n();
  const [code, setCode] = useState('');
  const [deviceName, setDeviceName] = useState('Kassa 1');
  const pair = useHostCall((input: { code: string; deviceName: string }) => posApi().session.pair(input));

  async function submit(event: FormEvent) {
    event.preventDefault();
    const session = await pair.run({ code, deviceName: deviceName.trim() });
    if (session) onPaired(session);
  }

  return (
    <CenteredPage>
      <Card className="w-full max-w-md">
        <CardHeader>
          <p className="text-sm font-semibold text-primary">{t('app.name')}</p>
          <CardTitle>{t('pairing.title')}</CardTitle>
          <p className="text-sm text-muted-foreground">{t('pairing.hint')}</p>
        </CardHeader>
        <CardContent>
          <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
            <FormField label={t('pairing.code')} required>
              <Input
                data-testid="pairing-code"
                inputMode="numeric"
                autoComplete="one-time-code"
                autoFocus
                maxLength={8}
                className="h-14 text-center font-mono text-2xl tracking-[0.4em]"
                value={code}
                onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
              />
            </FormField>
            <FormField label={t('pairing.deviceName')} required>
              <Input maxLength={100} value={deviceName} onChange={(e) => setDeviceName(e.target.value)} />
            </FormField>
            <FailureMessage error={pair.error} />
            <Button
              type="submit"
              size="lg"
              loading={pair.busy}
              disabled={!CODE.test(code) || !deviceName.trim()}
            >
              {t('pairing.submit')} <kbd className="text-xs opacity-70">Enter</kbd>
            </Button>
          </form>
        </CardContent>
      </Card>
    </CenteredPage>
  );
}
