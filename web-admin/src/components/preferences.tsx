'use client';

import { LanguageSwitcher, type Theme, ThemeToggle } from '@jowi/ui';
import { useState, useTransition } from 'react';
import { setLocale } from '../i18n/actions.ts';
import { LANGUAGE_OPTIONS } from '../i18n/dictionaries.ts';
import { useI18n } from '../i18n/provider.tsx';
import { saveTheme } from '../theme/actions.ts';

/** Language and theme switches, wired to the cookies that remember them. */
export function Preferences({ theme: initialTheme }: { theme: Theme }) {
  const { locale, dict } = useI18n();
  const [theme, setTheme] = useState(initialTheme);
  const [pending, startTransition] = useTransition();

  const changeTheme = (next: Theme) => {
    setTheme(next);
    // Switch at once; the cookie only matters for the next server render.
    document.documentElement.classList.toggle('dark', next === 'dark');
    startTransition(() => saveTheme(next));
  };

  return (
    <div className="flex items-center gap-2">
      <LanguageSwitcher
        value={locale}
        options={LANGUAGE_OPTIONS}
        label={dict.common.language}
        disabled={pending}
        onChange={(next) => startTransition(() => setLocale(next))}
      />
      <ThemeToggle
        theme={theme}
        onThemeChange={changeTheme}
        labels={{ toDark: dict.common.themeToDark, toLight: dict.common.themeToLight }}
      />
    </div>
  );
}
