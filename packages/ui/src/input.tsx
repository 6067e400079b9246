import type { ComponentProps } from 'react';
import { cn } from './cn.ts';

/** Props of {@link Input}. */
export interface InputProps extends ComponentProps<'input'> {
  /** Marks the field invalid (`aria-invalid`) and draws it in the destructive colour. */
  invalid?: boolean;
}

/** A single-line text input styled with the design tokens. */
export function Input({ className, invalid, type = 'text', ...props }: InputProps) {
  return (
    <input
      type={type}
      aria-invalid={invalid || undefined}
      className={cn(
        'flex h-10 w-full min-w-0 rounded-md border border-input bg-background px-3 py-2 text-sm shadow-xs',
        'placeholder:text-muted-foreground disabled:cursor-not-allowed disabled:opacity-50',
        'focus-visible:border-ring focus-visible:outline-2 focus-visible:outline-offset-0 focus-visible:outline-ring/40',
        'aria-invalid:border-destructive aria-invalid:focus-visible:outline-destructive/40',
        className,
      )}
      {...props}
    />
  );
}
