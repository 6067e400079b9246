/**
 * Who is at the till, as the POS host knows it (`window.pos.session.state()`): paired or not,
 * the signed-in cashier, locked or not. The renderer keeps no tokens and no session of its own;
 * every screen that changes the session hands the host's new state to {@link TillSessionProvider}.
 */
import { createContext, type ReactNode, useContext, useMemo } from 'react';
import type { SessionState } from '../../shared/pos-types.ts';

interface TillSession {
  session: SessionState;
  /** Replaces the state with the host's answer to a session call (pair, PIN, lock, logout). */
  setSession(next: SessionState): void;
}

const TillSessionContext = createContext<TillSession | null>(null);

export function TillSessionProvider({
  session,
  setSession,
  children,
}: TillSession & { children: ReactNode }) {
  const value = useMemo(() => ({ session, setSession }), [session, setSession]);
  return <TillSessionContext.Provider value={value}>{children}</TillSessionContext.Provider>;
}

/** The till's session and its setter. */
export function useTillSession(): TillSession {
  const value = useContext(TillSessionContext);
  if (!value) throw new Error('useTillSession outside <TillSessionProvider>');
  return value;
}
