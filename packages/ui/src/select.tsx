'use client';

import * as SelectPrimitive from '@radix-ui/react-select';
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn.ts';
import { CheckIcon } from './dropdown-menu.tsx';
import { useMessages } from './locale.tsx';

/** One choice of a {@link Select}. */
export interface SelectOption<T extends string = string> {
  value: T;
  label: ReactNode;
  /** Text for type-ahead when `label` is not plain text. */
  textValue?: string;
  disabled?: boolean;
}

/** Props of {@link Select}. */
export interface SelectProps<T extends string = string>
  extends Omit<ComponentProps<typeof SelectPrimitive.Trigger>, 'value' | 'defaultValue' | 'onChange'> {
  /** The chosen value; `undefined` shows the placeholder. */
  value: T | undefined;
  onValueChange: (value: T) => void;
  options: readonly SelectOption<T>[];
  /** Shown while nothing is chosen. Default from the locale ("Tanlang…"). */
  placeholder?: string;
  /** Marks the field invalid. */
  invalid?: boolean;
  /** Form field name, for native form submission. */
  name?: string;
  required?: boolean;
}

/**
 * A single-choice list (Radix Select): opens with Enter, Space or the arrow keys, type-ahead
 * jumps to an option, Enter chooses, Escape cancels. Label it with `<Label htmlFor={id}>` and
 * pass the same `id`, or wrap it in a `FormField`.
 */
export function Select<T extends string>({
  value,
  onValueChange,
  options,
  placeholder,
  invalid,
  name,
  required,
  disabled,
  className,
  ...triggerProps
}: SelectProps<T>) {
  const messages = useMessages('select');
  return (
    <SelectPrimitive.Root
      value={value}
      onValueChange={(next) => onValueChange(next as T)}
      name={name}
      required={required}
      disabled={disabled}
    >
      <SelectPrimitive.Trigger
        aria-invalid={invalid || undefined}
        className={cn(
          'flex h-10 w-full min-w-0 cursor-pointer items-center justify-between gap-2 rounded-md border border-input bg-background px-3 text-sm shadow-xs',
          'focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40',
          'disabled:cursor-not-allowed disabled:opacity-50 aria-invalid:border-destructive data-[placeholder]:text-muted-foreground',
          className,
        )}
        {...triggerProps}
      >
        <SelectPrimitive.Value placeholder={placeholder ?? messages.placeholder} />
        <SelectPrimitive.Icon className="text-muted-foreground">
          <svg
            viewBox="0 0 24 24"
            className="size-4"
            fill="none"
            stroke="currentColor"
            strokeWidth="2"
            aria-hidden="true"
          >
            <path d="m6 9 6 6 6-6" />
          </svg>
        </SelectPrimitive.Icon>
      </SelectPrimitive.Trigger>
      <SelectPrimitive.Portal>
        <SelectPrimitive.Content
          position="popper"
          sideOffset={4}
          className="z-50 max-h-[var(--radix-select-content-available-height)] min-w-[var(--radix-select-trigger-width)] overflow-hidden rounded-md border bg-card text-card-foreground shadow-md"
        >
          <SelectPrimitive.Viewport className="p-1">
            {options.map((option) => (
              <SelectPrimitive.Item
                key={option.value}
                value={option.value}
                textValue={option.textValue}
                disabled={option.disabled}
                className="relative flex min-h-8 cursor-pointer items-center rounded-sm py-1.5 pr-2 pl-8 text-sm outline-none select-none data-[disabled]:pointer-events-none data-[disabled]:opacity-50 data-[highlighted]:bg-muted"
              >
                <span className="absolute left-2 flex size-4 items-center justify-center">
                  <SelectPrimitive.ItemIndicator>
                    <CheckIcon />
                  </SelectPrimitive.ItemIndicator>
                </span>
                <SelectPrimitive.ItemText>{option.label}</SelectPrimitive.ItemText>
              </SelectPrimitive.Item>
            ))}
          </SelectPrimitive.Viewport>
        </SelectPrimitive.Content>
      </SelectPrimitive.Portal>
    </SelectPrimitive.Root>
  );
}
