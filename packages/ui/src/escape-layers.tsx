/**
 * Escape goes to the top-most interactive layer. Radix gives it to the layer mounted last, and a
 * toast shown while a dialog is open (a dialog's Save confirms with a toast) is mounted after the
 * dialog, so it would take Escape and the dialog would stay open. A toast therefore passes on an
 * Escape pressed inside an open dialog (focus is there, the toast is only a confirmation), and the
 * dialog closes itself on an Escape the toast passed on.
 */
import * as DialogPrimitive from '@radix-ui/react-dialog';
import { type KeyboardEvent as ReactKeyboardEvent, useRef } from 'react';

const passedOn = new WeakSet<Event>();

/**
 * For the toast's `onEscapeKeyDown`: when the key was pressed inside an open dialog, keeps the
 * toast open and marks the event for the dialog. Returns whether it did.
 */
export function passEscapeToDialog(event: KeyboardEvent): boolean {
  const target = event.target;
  if (!(target instanceof Element)) return false;
  if (!target.closest('[role="dialog"], [role="alertdialog"]')) return false;
  event.preventDefault();
  passedOn.add(event);
  return true;
}

/** For a dialog's `onKeyDown`: whether this Escape was passed on by a toast above the dialog. */
export function isEscapePassedOn(event: Event): boolean {
  return passedOn.has(event);
}

/**
 * Closes the dialog on an Escape that a toast above it passed on (see escape-layers.ts): Radix
 * gives Escape to the toast, mounted after the dialog. Render `closer` inside the dialog's
 * content and call `onKeyDown` from the content's key handler. The dialog's own `onOpenChange`
 * decides, as for any other way of closing it.
 */
export function useEscapeBelowToast() {
  const close = useRef<HTMLButtonElement>(null);
  return {
    closer: <DialogPrimitive.Close ref={close} hidden tabIndex={-1} aria-hidden="true" />,
    onKeyDown(event: ReactKeyboardEvent) {
      if (event.key !== 'Escape' || !isEscapePassedOn(event.nativeEvent)) return;
      // The innermost dialog closes; one it sits in stays.
      event.stopPropagation();
      close.current?.click();
    },
  };
}
