'use client';

/**
 * Form fields that show validation messages the accessible way: the label names the control,
 * the description and the error are wired with `aria-describedby`, the control gets
 * `aria-invalid`, and an error summary at the top links to each field. Messages usually come from
 * a zod schema (`fieldErrors(schema.safeParse(values).error)`) or from a payload's
 * `UserError.field` — the components only show strings.
 */
import { Slot } from '@radix-ui/react-slot';
import { type ComponentProps, type ReactElement, type ReactNode, useEffect, useId, useRef } from 'react';
import { cn } from './cn.ts';
import { Label } from './label.tsx';
import { useMessages } from './locale.tsx';

/** The shape of a zod error (`ZodError`) that {@link fieldErrors} reads; no zod import needed. */
export interface IssueList {
  issues: readonly { path: readonly PropertyKey[]; message: string }[];
}

/**
 * The first message per field of a validation error, keyed by the dotted path
 * (`"barcodes.0"`); issues about the whole form are under `""`. `undefined` gives `{}`.
 */
export function fieldErrors(error: IssueList | undefined | null): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error?.issues ?? []) {
    const key = issue.path.map(String).join('.');
    errors[key] ??= issue.message;
  }
  return errors;
}

/** Props of {@link FormField}. */
export interface FormFieldProps extends Omit<ComponentProps<'div'>, 'children'> {
  /** Id of the control; also the target of the error summary's link. Default a generated id. */
  id?: string;
  label: ReactNode;
  /** Help under the control, e.g. "17 digits, from tasnif.soliq.uz". */
  description?: ReactNode;
  /** The message shown when the value is wrong; sets `aria-invalid` on the control. */
  error?: string | null;
  /** Marks the field required (`aria-required` and an asterisk). */
  required?: boolean;
  /** Exactly one control (Input, MoneyInput, Select, …): it receives id and aria attributes. */
  children: ReactElement;
}

/** A labelled control with its description and error message. */
export function FormField({
  id,
  label,
  description,
  error,
  required,
  className,
  children,
  ...props
}: FormFieldProps) {
  const generated = useId();
  const controlId = id ?? generated;
  const descriptionId = `${controlId}-description`;
  const errorId = `${controlId}-error`;
  const describedBy = [description ? descriptionId : null, error ? errorId : null].filter(Boolean).join(' ');
  return (
    <div className={cn('grid gap-1.5', className)} {...props}>
      <Label htmlFor={controlId}>
        {label}
        {required ? (
          <span aria-hidden="true" className="text-destructive">
            {' '}
            *
          </span>
        ) : null}
      </Label>
      <Slot
        id={controlId}
        aria-describedby={describedBy || undefined}
        aria-invalid={error ? true : undefined}
        aria-required={required || undefined}
      >
        {children}
      </Slot>
      {description ? (
        <p id={descriptionId} className="text-sm text-muted-foreground">
          {description}
        </p>
      ) : null}
      {error ? (
        <p id={errorId} className="text-sm font-medium text-destructive">
          {error}
        </p>
      ) : null}
    </div>
  );
}

/** Props of {@link ErrorSummary}. */
export interface ErrorSummaryProps {
  /** Messages by field id (as {@link fieldErrors} returns them); `""` is about the whole form. */
  errors: Readonly<Record<string, string>>;
  /** Field labels by id, to prefix messages ("Price: must be positive"). */
  labels?: Readonly<Record<string, string>>;
  /** Heading; default from the locale. */
  title?: string;
  /** Moves focus to the summary when it appears (after a failed submit). Default true. */
  focusOnShow?: boolean;
  className?: string;
}

/** A list of a form's errors with links to the fields, shown after a failed submit. */
export function ErrorSummary({
  errors,
  labels = {},
  title,
  focusOnShow = true,
  className,
}: ErrorSummaryProps) {
  const messages = useMessages('form');
  const ref = useRef<HTMLDivElement>(null);
  const entries = Object.entries(errors);
  const shown = entries.length > 0;
  useEffect(() => {
    if (shown && focusOnShow) ref.current?.focus();
  }, [shown, focusOnShow]);
  if (!shown) return null;
  return (
    <div
      ref={ref}
      role="alert"
      tabIndex={-1}
      className={cn('rounded-md border border-destructive/40 bg-destructive/5 p-4 text-sm', className)}
    >
      <p className="font-medium text-destructive">{title ?? messages.errorSummary}</p>
      <ul className="mt-2 list-disc pl-5">
        {entries.map(([field, message]) => (
          <li key={field}>
            {field ? (
              <a
                className="underline underline-offset-2 hover:text-destructive"
                href={`#${field}`}
                onClick={(event) => {
                  const control = document.getElementById(field);
                  if (!control) return;
                  event.preventDefault();
                  control.focus();
                }}
              >
                {labels[field] ? `${labels[field]}: ${message}` : message}
              </a>
            ) : (
              message
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}
