'use client';

import * as TooltipPrimitive from '@radix-ui/react-tooltip';
import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn.ts';

/**
 * Shares the open/close delays of every tooltip below it; put one near the root. `Tooltip`
 * works without it too (it then brings its own).
 */
export const TooltipProvider = TooltipPrimitive.Provider;

/** Props of {@link Tooltip}. */
export interface TooltipProps {
  /** The text or content shown; also becomes the trigger's accessible description. */
  content: ReactNode;
  /** The element described: a focusable element (button, link). A disabled button cannot
   * receive focus or hover — wrap it in a `<span tabIndex={0}>` to explain why it is disabled. */
  children: ReactNode;
  /** Which side of the trigger. Default `top`. */
  side?: ComponentProps<typeof TooltipPrimitive.Content>['side'];
  /** Delay before opening on hover, in ms. Default 300. */
  delayDuration?: number;
  /** Extra classes for the bubble. */
  className?: string;
}

/**
 * A short description shown on hover and on keyboard focus (Radix Tooltip), e.g. a metric's
 * definition. Not for essential information: touch screens rarely show it.
 */
export function Tooltip({ content, children, side = 'top', delayDuration = 300, className }: TooltipProps) {
  return (
    <TooltipPrimitive.Provider delayDuration={delayDuration}>
      <TooltipPrimitive.Root>
        <TooltipPrimitive.Trigger asChild>{children}</TooltipPrimitive.Trigger>
        <TooltipPrimitive.Portal>
          <TooltipPrimitive.Content
            side={side}
            sideOffset={6}
            className={cn(
              'z-50 max-w-xs rounded-md bg-foreground px-3 py-1.5 text-xs text-background shadow-md',
              className,
            )}
          >
            {content}
            <TooltipPrimitive.Arrow className="fill-foreground" />
          </TooltipPrimitive.Content>
        </TooltipPrimitive.Portal>
      </TooltipPrimitive.Root>
    </TooltipPrimitive.Provider>
  );
}
