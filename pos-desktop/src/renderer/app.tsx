/**
 * The app's two states: signed out (login, with a throw-away Apollo client) and signed in
 * (the sell screen, with the tenant's persisted cache restored before the first frame).
 */
import type { ApolloClient } from '@apollo/client';
import { ApolloProvider } from '@apollo/client/react';
import { Spinner } from '@jowi/ui';
import { useEffect, useMemo, useState } from 'react';
import type { PosConfig } from '../shared/pos-api.ts';
import { LoginScreen } from './features/login/login-screen.tsx';
import { SellScreen } from './features/sell/sell-screen.tsx';
import { createAnonymousClient, createSessionClient } from './lib/apollo.ts';
import { useSession } from './lib/session.ts';

export function App({ config }: { config: PosConfig }) {
  const session = useSession();
  if (!session) return <SignedOut gatewayUrl={config.gatewayUrl} />;
  // Keyed by tenant: another tenant signing in gets a fresh client and its own cache.
  return (
    <SignedIn key={session.staff.tenantId} gatewayUrl={config.gatewayUrl} tenantId={session.staff.tenantId} />
  );
}

function SignedOut({ gatewayUrl }: { gatewayUrl: string }) {
  const client = useMemo(() => createAnonymousClient(gatewayUrl), [gatewayUrl]);
  return (
    <ApolloProvider client={client}>
      <LoginScreen />
    </ApolloProvider>
  );
}

function SignedIn({ gatewayUrl, tenantId }: { gatewayUrl: string; tenantId: string }) {
  const [client, setClient] = useState<ApolloClient | null>(null);
  useEffect(() => {
    let current: ApolloClient | null = null;
    let live = true;
    void createSessionClient(gatewayUrl, tenantId).then((created) => {
      current = created;
      if (live) setClient(created);
      else created.stop();
    });
    return () => {
      live = false;
      current?.stop();
    };
  }, [gatewayUrl, tenantId]);
  if (!client) return <Spinner size="lg" className="flex h-screen items-center justify-center" />;
  return (
    <ApolloProvider client={client}>
      <SellScreen />
    </ApolloProvider>
  );
}
