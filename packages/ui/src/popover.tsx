'use client';

import * as PopoverPrimitive from '@radix-ui/react-popover';
import type { ComponentProps } from 'react';
import { cn } from './cn.ts';

/** Floating content anchored to a trigger (Radix Popover): Escape and outside clicks close it. */
export const Popover = PopoverPrimitive.Root;
/** The element that opens a {@link Popover}; use `asChild` to make your own button the trigger. */
export const PopoverTrigger = PopoverPrimitive.Trigger;
/** An element the {@link PopoverContent} is positioned against instead of the trigger. */
export const PopoverAnchor = PopoverPrimitive.Anchor;
/** Closes the enclosing {@link Popover}. */
export const PopoverClose = PopoverPrimitive.Close;

/** The floating panel of a {@link Popover}, portalled to `<body>`. */
export function PopoverContent({
  className,
  align = 'center',
  sideOffset = 6,
  ...props
}: ComponentProps<typeof PopoverPrimitive.Content>) {
  return (
    <PopoverPrimitive.Portal>
      <PopoverPrimitive.Content
        align={align}
        sideOffset={sideOffset}
        className={cn(
          'z-50 max-h-[var(--radix-popover-content-available-height)] overflow-auto rounded-md border bg-card p-4 text-card-foreground shadow-md outline-none',
          className,
        )}
        {...props}
      />
    </PopoverPrimitive.Portal>
  );
}
