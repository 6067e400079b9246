/**
 * Nothing is sold outside a shift: the gate asks the host for the open shift and, when there is
 * none, shows the opening form (the cash float counted into the drawer). In local fiscal mode the
 * fiscal module's own shift (its Z report) is opened right after the till's.
 */

import { formatMoney } from '@jowi/receipt';
import {
  Button,
  Card,
  CardContent,
  CardHeader,
  CardTitle,
  ErrorState,
  FormField,
  Input,
  Spinner,
} from '@jowi/ui';
import {
  createContext,
  type FormEvent,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useState,
} from 'react';
import type { PosFailure, ShiftInfo } from '../../../shared/pos-types.ts';
import { parseTypedMoney } from '../../lib/amounts.ts';
import { posApi } from '../../lib/bridge.ts';
import { FailureMessage, useHostCall } from '../../lib/host-call.tsx';
import { useI18n } from '../../lib/i18n.tsx';
import { CenteredPage } from '../shell/centered-page.tsx';

interface ShiftContextValue {
  shift: ShiftInfo;
  /** Reloads the shift from the host (after cash in/out, after closing). */
  reload(): Promise<void>;
}

const ShiftContext = createContext<ShiftContextValue | null>(null);

/** The open shift of the till. */
export function useShift(): ShiftContextValue {
  const value = useContext(ShiftContext);
  if (!value) throw new Error('useShift outside <ShiftGate>');
  return value;
}

/** Whether this till signs receipts with a local fiscal module (then it keeps its own shift). */
export async function fiscalIsLocal(): Promise<boolean> {
  const status = await posApi().fiscal.status();
  return status.ok && status.value.mode === 'local';
}

type Loaded =
  | { state: 'loading' }
  | { state: 'failed'; error: PosFailure }
  | { state: 'ready'; shift: ShiftInfo | null };

export function ShiftGate({ children }: { children: ReactNode }) {
  const { t, failure } = useI18n();
  const [loaded, setLoaded] = useState<Loaded>({ state: 'loading' });
  const reload = useCallback(async () => {
    const result = await posApi().shift.current();
    setLoaded(result.ok ? { state: 'ready', shift: result.value } : { state: 'failed', error: result.error });
  }, []);
  useEffect(() => void reload(), [reload]);

  if (loaded.state === 'loading')
    return <Spinner size="lg" label={t('shift.loading')} className="m-auto flex h-screen" />;
  if (loaded.state === 'failed') {
    return (
      <CenteredPage>
        <ErrorState
          title={failure(loaded.error)}
          retryLabel={t('action.retry')}
          onRetry={() => void reload()}
        />
      </CenteredPage>
    );
  }
  if (!loaded.shift) return <OpenShift onOpened={(shift) => setLoaded({ state: 'ready', shift })} />;
  return <ShiftContext.Provider value={{ shift: loaded.shift, reload }}>{children}</ShiftContext.Provider>;
}

function OpenShift({ onOpened }: { onOpened(shift: ShiftInfo): void }) {
  const { t, failure } = useI18n();
  const [float, setFloat] = useState('0');
  // The till's shift is open but the fiscal module refused its own: say why, then let the cashier go on.
  const [fiscalWarning, setFiscalWarning] = useState<{ text: string; shift: ShiftInfo } | null>(null);
  const open = useHostCall((openingFloat: string) => posApi().shift.open({ openingFloat }));
  const amount = parseTypedMoney(float);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (amount === null) return;
    const shift = await open.run(formatMoney(amount));
    if (!shift) return;
    if (await fiscalIsLocal()) {
      const fiscal = await posApi().fiscal.openShift();
      // An already open fiscal shift (a restart mid-day) is fine; anything else the cashier must see.
      if (!fiscal.ok && fiscal.error.code !== 'SHIFT_ALREADY_OPEN') {
        setFiscalWarning({ text: failure(fiscal.error), shift });
        return;
      }
    }
    onOpened(shift);
  }

  return (
    <CenteredPage>
      <Card className="w-full max-w-md">
        <CardHeader>
          <CardTitle>{t('shift.openTitle')}</CardTitle>
          <p className="text-sm text-muted-foreground">{t('shift.openHint')}</p>
        </CardHeader>
        <CardContent>
          <form className="flex flex-col gap-4" onSubmit={submit} noValidate>
            <FormField label={t('shift.float')} required error={amount === null ? t('error.amount') : null}>
              <Input
                data-testid="float"
                inputMode="decimal"
                autoFocus
                className="h-12 text-right text-xl tabular-nums"
                value={float}
                onChange={(e) => setFloat(e.target.value)}
              />
            </FormField>
            <FailureMessage error={open.error} />
            {fiscalWarning ? (
              <>
                <p role="alert" className="text-sm text-destructive">
                  {fiscalWarning.text}
                </p>
                <Button size="lg" onClick={() => onOpened(fiscalWarning.shift)}>
                  {t('action.continue')}
                </Button>
              </>
            ) : (
              <Button
                data-testid="open-shift"
                type="submit"
                size="lg"
                loading={open.busy}
                disabled={amount === null}
              >
                {t('shift.open')} <kbd className="text-xs opacity-70">Enter</kbd>
              </Button>
            )}
          </form>
        </CardContent>
      </Card>
    </CenteredPage>
  );
}
