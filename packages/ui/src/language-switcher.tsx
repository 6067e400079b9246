import { cn } from './cn.ts';

/** One choice of {@link LanguageSwitcher}. */
export interface LanguageOption<T extends string = string> {
  /** Language code, e.g. `uz`. */
  value: T;
  /** Short visible text, e.g. `UZ`. */
  label: string;
  /** Full name for assistive technology, e.g. `O‘zbekcha`. */
  title?: string;
}

/** Props of {@link LanguageSwitcher}. */
export interface LanguageSwitcherProps<T extends string = string> {
  /** The language currently in use. */
  value: T;
  /** The languages offered, in display order. */
  options: readonly LanguageOption<T>[];
  /** Called with the chosen language; not called when the current one is clicked again. */
  onChange: (value: T) => void;
  /** Accessible name of the group, e.g. "Language". */
  label?: string;
  /** Disables every choice, e.g. while a change is being saved. */
  disabled?: boolean;
  /** Extra classes for the group. */
  className?: string;
}

/**
 * A segmented control for the interface language. Pure: the caller stores the choice
 * (cookie, settings file, …) and re-renders with the new `value`.
 */
export function LanguageSwitcher<T extends string>({
  value,
  options,
  onChange,
  label = 'Language',
  disabled = false,
  className,
}: LanguageSwitcherProps<T>) {
  return (
    <fieldset
      aria-label={label}
      className={cn('inline-flex items-center rounded-md border border-input bg-background p-0.5', className)}
    >
      {options.map((option) => {
        const active = option.value === value;
        return (
          <button
            key={option.value}
            type="button"
            lang={option.value}
            title={option.title}
            aria-pressed={active}
            disabled={disabled}
            onClick={() => {
              if (!active) onChange(option.value);
            }}
            className={cn(
              'h-7 min-w-9 cursor-pointer rounded-sm px-2 text-xs font-medium transition-colors disabled:opacity-50',
              active
                ? 'bg-primary text-primary-foreground'
                : 'text-muted-foreground hover:bg-muted hover:text-foreground',
            )}
          >
            {option.label}
          </button>
        );
      })}
    </fieldset>
  );
}
