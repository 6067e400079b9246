/** A full-height page with the preferences at the top and one card in the middle (pairing, PIN, open shift). */
import type { ReactNode } from 'react';
import { Preferences } from './preferences.tsx';

export function CenteredPage({ children, header }: { children: ReactNode; header?: ReactNode }) {
  return (
    <div className="flex h-screen flex-col bg-muted/40">
      <header className="flex items-center justify-end gap-3 p-4">
        {header}
        <Preferences />
      </header>
      <main className="flex flex-1 items-center justify-center overflow-y-auto p-4">{children}</main>
    </div>
  );
}
