import { Button } from './button.tsx';
import { cn } from './cn.ts';

/** The colour themes of @jowi/ui; `dark` corresponds to the `.dark` class on `<html>`. */
export type Theme = 'light' | 'dark';

/** Props of {@link ThemeToggle}. */
export interface ThemeToggleProps {
  /** The theme currently shown. */
  theme: Theme;
  /** Called with the other theme when the user clicks. The caller applies and persists it. */
  onThemeChange: (next: Theme) => void;
  /** Accessible names for the two actions (translate them). */
  labels?: { toDark: string; toLight: string };
  /** Extra classes for the button. */
  className?: string;
}

const defaultLabels = { toDark: 'Switch to dark theme', toLight: 'Switch to light theme' };

/**
 * A button that switches between the light and dark themes. Pure: it does not touch the DOM,
 * storage or cookies — the caller owns the theme state.
 */
export function ThemeToggle({ theme, onThemeChange, labels = defaultLabels, className }: ThemeToggleProps) {
  const next: Theme = theme === 'dark' ? 'light' : 'dark';
  const label = next === 'dark' ? labels.toDark : labels.toLight;
  return (
    <Button
      variant="ghost"
      size="icon"
      aria-label={label}
      title={label}
      data-theme={theme}
      className={cn(className)}
      onClick={() => onThemeChange(next)}
    >
      {theme === 'dark' ? <SunIcon /> : <MoonIcon />}
    </Button>
  );
}

function SunIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-5"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <circle cx="12" cy="12" r="4" />
      <path d="M12 2v2M12 20v2M4.9 4.9l1.4 1.4M17.7 17.7l1.4 1.4M2 12h2M20 12h2M4.9 19.1l1.4-1.4M17.7 6.3l1.4-1.4" />
    </svg>
  );
}

function MoonIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-5"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <path d="M21 12.8A9 9 0 1 1 11.2 3a7 7 0 0 0 9.8 9.8z" />
    </svg>
  );
}
