import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import './globals.css';
import { I18nProvider } from '../i18n/provider.tsx';
import { getI18n } from '../i18n/server.ts';
import { getTheme } from '../theme/server.ts';

export const metadata: Metadata = {
  title: { default: 'Jowi', template: '%s · Jowi' },
  description: 'Jowi POS back office',
  robots: { index: false, follow: false },
};

/** Root layout: language and theme come from cookies, so the first paint is already right. */
export default async function RootLayout({ children }: { children: ReactNode }) {
  const [{ locale, dict }, theme] = await Promise.all([getI18n(), getTheme()]);
  return (
    <html lang={locale} className={theme === 'dark' ? 'dark' : undefined}>
      <body className="min-h-dvh">
        <I18nProvider locale={locale} dict={dict}>
          {children}
        </I18nProvider>
      </body>
    </html>
  );
}
