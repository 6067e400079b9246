'use client';

/**
 * Toasts: a short confirmation of something the user just did ("Product saved"), at most one
 * at a time, gone after about five seconds, with at most one action (Undo, View). Built on
 * Radix Toast: each toast is announced through a polite `role="status"` live region, it pauses
 * while hovered or focused, F8 moves focus to it, and it can be swiped away.
 *
 * Failures are not toasts: show them inline or as a banner where they stay until resolved.
 */
import * as ToastPrimitive from '@radix-ui/react-toast';
import { createContext, type ReactNode, useCallback, useContext, useMemo, useState } from 'react';
import { buttonClasses } from './button.tsx';
import { cn } from './cn.ts';
import { passEscapeToDialog } from './escape-layers.tsx';
import { useMessages } from './locale.tsx';

/** What {@link ToastApi.toast} shows. */
export interface ToastOptions {
  /** One short sentence, e.g. "Product updated". */
  title: string;
  description?: string;
  /** One follow-up action, e.g. Undo. */
  action?: { label: string; onClick: () => void };
  /** `success` draws a green accent. Default `default`. */
  variant?: 'default' | 'success';
  /** Milliseconds before it closes; default 5000. */
  duration?: number;
}

/** What {@link useToast} returns. */
export interface ToastApi {
  /** Shows a toast, replacing one already shown. */
  toast: (options: ToastOptions) => void;
  /** Closes the toast shown, if any. */
  dismiss: () => void;
}

const ToastContext = createContext<ToastApi | null>(null);

/** Props of {@link Toaster}. */
export interface ToasterProps {
  children: ReactNode;
  /** Default time a toast stays, in ms. Default 5000. */
  duration?: number;
}

/** Provides {@link useToast} to everything below it and renders the toast in a corner. */
export function Toaster({ children, duration = 5000 }: ToasterProps) {
  const [current, setCurrent] = useState<(ToastOptions & { key: number }) | null>(null);
  const [open, setOpen] = useState(false);
  const messages = useMessages('toast');
  const close = useMessages('close');

  const toast = useCallback((options: ToastOptions) => {
    setCurrent((previous) => ({ ...options, key: (previous?.key ?? 0) + 1 }));
    setOpen(true);
  }, []);
  const dismiss = useCallback(() => setOpen(false), []);
  const api = useMemo(() => ({ toast, dismiss }), [toast, dismiss]);

  return (
    <ToastContext.Provider value={api}>
      <ToastPrimitive.Provider duration={duration} label={messages.item}>
        {children}
        {current ? (
          <ToastPrimitive.Root
            key={current.key}
            // Announced politely: a confirmation should not interrupt what a screen reader is saying.
            type="background"
            open={open}
            onOpenChange={setOpen}
            // Escape inside an open dialog closes the dialog, not this toast above it.
            onEscapeKeyDown={passEscapeToDialog}
            duration={current.duration}
            className={cn(
              'relative flex w-full items-start gap-3 rounded-md border bg-card p-4 pr-10 text-card-foreground shadow-lg',
              'data-[swipe=move]:translate-x-[var(--radix-toast-swipe-move-x)] data-[swipe=end]:translate-x-full',
              current.variant === 'success' && 'border-l-4 border-l-success',
            )}
          >
            <div className="grid flex-1 gap-1">
              <ToastPrimitive.Title className="text-sm font-semibold">{current.title}</ToastPrimitive.Title>
              {current.description ? (
                <ToastPrimitive.Description className="text-sm text-muted-foreground">
                  {current.description}
                </ToastPrimitive.Description>
              ) : null}
            </div>
            {current.action ? (
              <ToastPrimitive.Action
                altText={current.action.label}
                className={buttonClasses('outline', 'sm')}
                onClick={current.action.onClick}
              >
                {current.action.label}
              </ToastPrimitive.Action>
            ) : null}
            <ToastPrimitive.Close
              aria-label={close}
              className="absolute top-2 right-2 inline-flex size-7 cursor-pointer items-center justify-center rounded-md text-muted-foreground hover:bg-muted hover:text-foreground focus-visible:outline-2 focus-visible:outline-ring"
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
            </ToastPrimitive.Close>
          </ToastPrimitive.Root>
        ) : null}
        <ToastPrimitive.Viewport
          label={`${messages.region} ({hotkey})`}
          className="fixed right-0 bottom-0 z-[100] m-0 flex w-full max-w-sm list-none flex-col gap-2 p-4 outline-none"
        />
      </ToastPrimitive.Provider>
    </ToastContext.Provider>
  );
}

/** Shows toasts; call inside a {@link Toaster}. */
export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast() needs a <Toaster> above it.');
  return api;
}
