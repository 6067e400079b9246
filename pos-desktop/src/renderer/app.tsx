/**
 * Where the till stands decides the screen: the host unreachable → the reason and Retry; not
 * paired → pairing; nobody signed in or locked → PIN; a cashier → the shift gate, then selling
 * (with the terminal's persisted catalog cache restored before the first frame).
 */
import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { ErrorState, Spinner } from '@jowi/ui';
import { useCallback, useEffect, useState } from 'react';
import type { PosConfig } from '../shared/pos-api.ts';
import type { PosFailure, SessionState } from '../shared/pos-types.ts';
import { PinScreen } from './features/login/pin-screen.tsx';
import { PairingScreen } from './features/pairing/pairing-screen.tsx';
import { SellScreen } from './features/sell/sell-screen.tsx';
import { CenteredPage } from './features/shell/centered-page.tsx';
import { ShiftGate } from './features/shift/shift-gate.tsx';
import { createTillClient } from './lib/apollo.ts';
import { posApi } from './lib/bridge.ts';
import { useI18n } from './lib/i18n.tsx';
import { TillSessionProvider } from './lib/till-session.tsx';

export function App({ config }: { config: PosConfig }) {
  const { t, failure } = useI18n();
  const [session, setSession] = useState<SessionState | null>(null);
  const [error, setError] = useState<PosFailure | null>(null);
  const load = useCallback(async () => {
    setError(null);
    const result = await posApi().session.state();
    if (result.ok) setSession(result.value);
    else setError(result.error);
  }, []);
  useEffect(() => void load(), [load]);
  // The host may sign a cashier out by itself (a sync answer says they were disabled): each sync
  // push while someone is signed in re-reads the session, and the PIN screen says why.
  const signedIn = session?.cashier?.staffId ?? null;
  useEffect(() => {
    if (!signedIn) return;
    return posApi().sync.subscribe(() => {
      void posApi()
        .session.state()
        .then((result) => {
          if (result.ok && result.value.cashier?.staffId !== signedIn) setSession(result.value);
        });
    });
  }, [signedIn]);

  if (error) {
    return (
      <CenteredPage>
        <ErrorState title={failure(error)} retryLabel={t('action.retry')} onRetry={() => void load()} />
      </CenteredPage>
    );
  }
  if (!session) return <Spinner size="lg" className="flex h-screen items-center justify-center" />;
  if (!session.paired || !session.terminalId) return <PairingScreen onPaired={setSession} />;
  if (!session.cashier) return <PinScreen session={session} onSignedIn={setSession} />;
  // Locked: the PIN screen covers the sell screen, which stays mounted so the cart survives.
  return (
    <TillSessionProvider session={session} setSession={setSession}>
      <div inert={session.locked} className="contents">
        <SignedIn gatewayUrl={config.gatewayUrl} terminalId={session.terminalId} />
      </div>
      {session.locked ? (
        <div className="fixed inset-0 z-50 bg-background">
          <PinScreen session={session} onSignedIn={setSession} />
        </div>
      ) : null}
    </TillSessionProvider>
  );
}

function SignedIn({ gatewayUrl, terminalId }: { gatewayUrl: string; terminalId: string }) {
  const [client, setClient] = useState<ApolloClient | null>(null);
  useEffect(() => {
    let current: ApolloClient | null = null;
    let live = true;
    void createTillClient(gatewayUrl, terminalId).then((created) => {
      current = created;
      if (live) setClient(created);
      else created.stop();
    });
    return () => {
      live = false;
      current?.stop();
    };
  }, [gatewayUrl, terminalId]);
  if (!client) return <Spinner size="lg" className="flex h-screen items-center justify-center" />;
  return (
    <ApolloProvider client={client}>
      <ShiftGate>
        <SellScreen />
      </ShiftGate>
    </ApolloProvider>
  );
}
