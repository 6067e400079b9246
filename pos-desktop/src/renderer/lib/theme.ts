/**
 * Light/dark theme of the till: the `.dark` class on `<html>` (the @jowi/ui tokens follow it),
 * remembered on the device, defaulting to the operating system's preference.
 */
import type { Theme } from '@jowi/ui';
import { useCallback, useState } from 'react';

const STORAGE_KEY = 'jowi.theme';

/** The stored theme, else the system preference. */
export function initialTheme(): Theme {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (stored === 'light' || stored === 'dark') return stored;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** Puts the theme on `<html>`; called before the first render to avoid a flash. */
export function applyTheme(theme: Theme): void {
  document.documentElement.classList.toggle('dark', theme === 'dark');
}

/** The current theme and a setter that applies and remembers it. */
export function useTheme(): [Theme, (next: Theme) => void] {
  const [theme, setState] = useState<Theme>(initialTheme);
  const setTheme = useCallback((next: Theme) => {
    localStorage.setItem(STORAGE_KEY, next);
    applyTheme(next);
    setState(next);
  }, []);
  return [theme, setTheme];
}
