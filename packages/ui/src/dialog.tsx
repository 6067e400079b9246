'use client';

import * as DialogPrimitive from '@radix-ui/react-dialog';
import { type ComponentProps, type ReactNode, useState } from 'react';
import { Button, type ButtonVariant } from './button.tsx';
import { cn } from './cn.ts';
import { useEscapeBelowToast } from './escape-layers.tsx';
import { useMessages } from './locale.tsx';

/**
 * A modal dialog (Radix Dialog): focus is trapped inside while open and returns to the trigger
 * on close; Escape and the close button close it; the page behind is inert.
 */
export const Dialog = DialogPrimitive.Root;
/** The element that opens a {@link Dialog}; use `asChild` with your own button. */
export const DialogTrigger = DialogPrimitive.Trigger;
/** Closes the enclosing {@link Dialog}; use `asChild` with your own button. */
export const DialogClose = DialogPrimitive.Close;

/** Props of {@link DialogContent}. */
export interface DialogContentProps extends Omit<ComponentProps<typeof DialogPrimitive.Content>, 'title'> {
  /** The dialog's heading and accessible name. */
  title: ReactNode;
  /** A sentence under the title, also its accessible description. */
  description?: ReactNode;
  /** Hide the × button (e.g. when the footer has a Cancel button). */
  hideClose?: boolean;
}

/** The centred panel of a {@link Dialog}, with its title, description and a close button. */
export function DialogContent({
  title,
  description,
  hideClose,
  className,
  children,
  onKeyDown,
  ...props
}: DialogContentProps) {
  const messages = useMessages('close');
  const belowToast = useEscapeBelowToast();
  return (
    <DialogPrimitive.Portal>
      <DialogPrimitive.Overlay className="fixed inset-0 z-50 bg-black/50" />
      <DialogPrimitive.Content
        // Without a description, say so explicitly (Radix otherwise warns about a missing one).
        {...(description ? {} : { 'aria-describedby': undefined })}
        className={cn(
          'fixed top-1/2 left-1/2 z-50 grid max-h-[90vh] w-[calc(100%-2rem)] max-w-lg -translate-x-1/2 -translate-y-1/2 gap-4 overflow-y-auto',
          'rounded-lg border bg-card p-6 text-card-foreground shadow-lg outline-none',
          className,
        )}
        onKeyDown={(event) => {
          onKeyDown?.(event);
          belowToast.onKeyDown(event);
        }}
        {...props}
      >
        {belowToast.closer}
        <div className="flex flex-col gap-1.5 pr-8">
          <DialogPrimitive.Title className="text-lg font-semibold leading-tight">
            {title}
          </DialogPrimitive.Title>
          {description ? (
            <DialogPrimitive.Description className="text-sm text-muted-foreground">
              {description}
            </DialogPrimitive.Description>
          ) : null}
        </div>
        {children}
        {hideClose ? null : (
          <DialogPrimitive.Close
            aria-label={messages}
            className="absolute top-4 right-4 inline-flex size-8 cursor-pointer items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
          >
            <svg
              viewBox="0 0 24 24"
              className="size-4"
              fill="none"
              stroke="currentColor"
              strokeWidth="2"
              aria-hidden="true"
            >
              <path d="M18 6 6 18M6 6l12 12" />
            </svg>
          </DialogPrimitive.Close>
        )}
      </DialogPrimitive.Content>
    </DialogPrimitive.Portal>
  );
}

/** The row of actions at the bottom of a dialog, primary action last (right). */
export function DialogFooter({ className, ...props }: ComponentProps<'div'>) {
  return (
    <div className={cn('flex flex-col-reverse gap-2 sm:flex-row sm:justify-end', className)} {...props} />
  );
}

/** Props of {@link ConfirmDialog}. */
export interface ConfirmDialogProps {
  open: boolean;
  onOpenChange: (open: boolean) => void;
  /** The question, naming what happens and to how many, e.g. "Delete 12 products?". */
  title: ReactNode;
  description?: ReactNode;
  /** Text of the confirming button, a verb ("Delete 12 products"). */
  confirmLabel: string;
  cancelLabel: string;
  /** Variant of the confirming button. Default `destructive`. */
  variant?: ButtonVariant;
  /** Runs on confirm; the dialog stays open with a busy button until it settles, then closes. */
  onConfirm: () => void | Promise<void>;
}

/**
 * Asks before a consequential action (`role="alertdialog"`). Focus starts on Cancel, so Enter
 * alone never destroys anything.
 */
export function ConfirmDialog({
  open,
  onOpenChange,
  title,
  description,
  confirmLabel,
  cancelLabel,
  variant = 'destructive',
  onConfirm,
}: ConfirmDialogProps) {
  const [busy, setBusy] = useState(false);
  async function confirm(): Promise<void> {
    setBusy(true);
    try {
      await onConfirm();
      onOpenChange(false);
    } finally {
      setBusy(false);
    }
  }
  return (
    <Dialog open={open} onOpenChange={(next) => (busy ? undefined : onOpenChange(next))}>
      <DialogContent role="alertdialog" title={title} description={description} hideClose>
        <DialogFooter>
          <DialogClose asChild>
            <Button variant="outline" disabled={busy}>
              {cancelLabel}
            </Button>
          </DialogClose>
          <Button variant={variant} loading={busy} onClick={confirm}>
            {confirmLabel}
          </Button>
        </DialogFooter>
      </DialogContent>
    </Dialog>
  );
}
