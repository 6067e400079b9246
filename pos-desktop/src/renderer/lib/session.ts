/**
 * The signed-in session of this till: tokens plus who is signed in, kept in localStorage so a
 * restart goes straight back to selling. A tiny external store: React reads it with
 * `useSyncExternalStore`, the Apollo link reads it on every request.
 *
 * (Moving the refresh token into the main process's safeStorage comes with PIN login.)
 */
import { useSyncExternalStore } from 'react';

/** Who is signed in, as shown in the header. */
export interface SessionStaff {
  id: string;
  name: string;
  email: string | null;
  tenantId: string;
  tenantName: string;
}

/** The session held by the till. */
export interface Session {
  accessToken: string;
  refreshToken: string;
  staff: SessionStaff;
}

const STORAGE_KEY = 'jowi.session';
const listeners = new Set<() => void>();

function read(): Session | null {
  try {
    const raw = localStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<Session>;
    return value.accessToken && value.refreshToken && value.staff ? (value as Session) : null;
  } catch {
    return null;
  }
}

let current: Session | null = read();

/** The session store. */
export const sessionStore = {
  get: (): Session | null => current,
  set(next: Session | null): void {
    current = next;
    if (next) localStorage.setItem(STORAGE_KEY, JSON.stringify(next));
    else localStorage.removeItem(STORAGE_KEY);
    for (const listener of listeners) listener();
  },
  /** Replaces the tokens after a refresh, keeping who is signed in. */
  updateTokens(accessToken: string, refreshToken: string): void {
    if (current) sessionStore.set({ ...current, accessToken, refreshToken });
  },
  subscribe(listener: () => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

/** The current session, re-rendering on sign-in, refresh and sign-out. */
export function useSession(): Session | null {
  return useSyncExternalStore(sessionStore.subscribe, sessionStore.get);
}
