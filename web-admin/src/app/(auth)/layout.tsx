import type { ReactNode } from 'react';
import { Preferences } from '../../components/preferences.tsx';
import { getTheme } from '../../theme/server.ts';

/** Pages for signed-out visitors: centred content, language and theme still switchable. */
export default async function AuthLayout({ children }: { children: ReactNode }) {
  const theme = await getTheme();
  return (
    <div className="flex min-h-dvh flex-col">
      <header className="flex justify-end p-4">
        <Preferences theme={theme} />
      </header>
      <main className="flex flex-1 items-start justify-center px-4 pt-[8vh] pb-16">{children}</main>
    </div>
  );
}
