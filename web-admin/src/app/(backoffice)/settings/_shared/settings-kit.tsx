'use client';

/**
 * What the people-and-devices pages share: running a mutation that answers `errors` (a success
 * toast, or the localized error in a banner that stays), and a list of checkboxes for roles,
 * stores, permissions and scopes.
 */
import { useToast } from '@jowi/ui';
import { useState } from 'react';
import { settingsMessage } from '../../../../i18n/dictionaries/settings.ts';
import { useI18n } from '../../../../i18n/provider.tsx';

type Errors = readonly { code: string; message: string }[] | null | undefined;

/** `run(action, done)`: the action's first user error becomes `problem`; success toasts `done`. */
export function useMutationRunner() {
  const { dict } = useI18n();
  const { toast } = useToast();
  const [problem, setProblem] = useState<string | null>(null);
  async function run(action: () => Promise<Errors>, done: string | null): Promise<boolean> {
    setProblem(null);
    try {
      const errors = (await action()) ?? [];
      if (errors[0]) {
        setProblem(settingsMessage(dict.settings, errors[0]));
        return false;
      }
      if (done) toast({ title: done, variant: 'success' });
      return true;
    } catch {
      setProblem(dict.settings.common.saveFailed);
      return false;
    }
  }
  return { problem, setProblem, run };
}

export interface CheckOption {
  value: string;
  label: string;
  /** Why it cannot be chosen (shown beside it); the option is disabled when set. */
  blocked?: string | null;
  hint?: string;
}

/** A fieldset of checkboxes over string values. */
export function CheckList({
  legend,
  hint,
  options,
  value,
  onChange,
  name,
}: {
  legend: string;
  hint?: string;
  options: readonly CheckOption[];
  value: readonly string[];
  onChange: (next: string[]) => void;
  name: string;
}) {
  return (
    <fieldset className="grid gap-2">
      <legend className="mb-1 text-sm font-medium">{legend}</legend>
      {hint ? <p className="text-xs text-muted-foreground">{hint}</p> : null}
      <div className="grid max-h-64 gap-1.5 overflow-y-auto sm:grid-cols-2">
        {options.map((option) => {
          const id = `${name}-${option.value}`;
          return (
            <label key={option.value} htmlFor={id} className="flex min-h-6 items-start gap-2 text-sm">
              <input
                id={id}
                type="checkbox"
                className="mt-0.5 size-4 accent-primary"
                checked={value.includes(option.value)}
                disabled={Boolean(option.blocked)}
                onChange={(e) =>
                  onChange(
                    e.target.checked ? [...value, option.value] : value.filter((v) => v !== option.value),
                  )
                }
              />
              <span>
                <span className={option.blocked ? 'text-muted-foreground' : undefined}>{option.label}</span>
                {option.blocked ? (
                  <span className="block text-xs text-muted-foreground">{option.blocked}</span>
                ) : option.hint ? (
                  <span className="block text-xs text-muted-foreground">{option.hint}</span>
                ) : null}
              </span>
            </label>
          );
        })}
      </div>
    </fieldset>
  );
}
