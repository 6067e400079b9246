/** Language switch and theme toggle, shown on every screen of the till. */
import { LanguageSwitcher, ThemeToggle } from '@jowi/ui';
import { LANGUAGE_OPTIONS, useI18n } from '../../lib/i18n.tsx';
import { useTheme } from '../../lib/theme.ts';

export function Preferences() {
  const { language, setLanguage, t } = useI18n();
  const [theme, setTheme] = useTheme();
  return (
    <div className="flex items-center gap-2">
      <LanguageSwitcher
        value={language}
        options={LANGUAGE_OPTIONS}
        onChange={setLanguage}
        label={t('language')}
      />
      <ThemeToggle
        theme={theme}
        onThemeChange={setTheme}
        labels={{ toDark: t('theme.toDark'), toLight: t('theme.toLight') }}
      />
    </div>
  );
}
