'use client';

import * as MenuPrimitive from '@radix-ui/react-dropdown-menu';
import type { ComponentProps } from 'react';
import { cn } from './cn.ts';

/**
 * A menu of actions opened from a button (Radix DropdownMenu): arrow keys move, typing jumps to
 * an item, Enter/Space activate, Escape closes and returns focus to the trigger.
 */
export const DropdownMenu = MenuPrimitive.Root;
/** The button that opens a {@link DropdownMenu}; use `asChild` with a {@link Button}. */
export const DropdownMenuTrigger = MenuPrimitive.Trigger;
/** A labelled group of items. */
export const DropdownMenuGroup = MenuPrimitive.Group;
/** Groups {@link DropdownMenuRadioItem}s that share one value. */
export const DropdownMenuRadioGroup = MenuPrimitive.RadioGroup;

const item =
  'relative flex min-h-8 cursor-pointer items-center gap-2 rounded-sm px-2 py-1.5 text-sm outline-none select-none ' +
  'data-[highlighted]:bg-muted data-[highlighted]:text-foreground data-[disabled]:pointer-events-none data-[disabled]:opacity-50';

/** The floating list of a {@link DropdownMenu}, portalled to `<body>`. */
export function DropdownMenuContent({
  className,
  sideOffset = 4,
  align = 'end',
  ...props
}: ComponentProps<typeof MenuPrimitive.Content>) {
  return (
    <MenuPrimitive.Portal>
      <MenuPrimitive.Content
        sideOffset={sideOffset}
        align={align}
        className={cn(
          'z-50 min-w-44 overflow-y-auto rounded-md border bg-card p-1 text-card-foreground shadow-md',
          'max-h-[var(--radix-dropdown-menu-content-available-height)]',
          className,
        )}
        {...props}
      />
    </MenuPrimitive.Portal>
  );
}

/** Props of {@link DropdownMenuItem}. */
export interface DropdownMenuItemProps extends ComponentProps<typeof MenuPrimitive.Item> {
  /** Draws a destructive action in the destructive colour. */
  destructive?: boolean;
}

/** One action; `onSelect` runs it. */
export function DropdownMenuItem({ className, destructive, ...props }: DropdownMenuItemProps) {
  return <MenuPrimitive.Item className={cn(item, destructive && 'text-destructive', className)} {...props} />;
}

/** An item with a check mark that toggles (e.g. a column's visibility). */
export function DropdownMenuCheckboxItem({
  className,
  children,
  ...props
}: ComponentProps<typeof MenuPrimitive.CheckboxItem>) {
  return (
    <MenuPrimitive.CheckboxItem className={cn(item, 'pl-8', className)} {...props}>
      <span className="absolute left-2 flex size-4 items-center justify-center">
        <MenuPrimitive.ItemIndicator>
          <CheckIcon />
        </MenuPrimitive.ItemIndicator>
      </span>
      {children}
    </MenuPrimitive.CheckboxItem>
  );
}

/** One choice of a {@link DropdownMenuRadioGroup}. */
export function DropdownMenuRadioItem({
  className,
  children,
  ...props
}: ComponentProps<typeof MenuPrimitive.RadioItem>) {
  return (
    <MenuPrimitive.RadioItem className={cn(item, 'pl-8', className)} {...props}>
      <span className="absolute left-2 flex size-4 items-center justify-center">
        <MenuPrimitive.ItemIndicator>
          <span className="size-2 rounded-full bg-current" />
        </MenuPrimitive.ItemIndicator>
      </span>
      {children}
    </MenuPrimitive.RadioItem>
  );
}

/** A heading inside the menu. */
export function DropdownMenuLabel({ className, ...props }: ComponentProps<typeof MenuPrimitive.Label>) {
  return (
    <MenuPrimitive.Label
      className={cn('px-2 py-1.5 text-xs font-medium text-muted-foreground', className)}
      {...props}
    />
  );
}

/** A line between groups of items. */
export function DropdownMenuSeparator({
  className,
  ...props
}: ComponentProps<typeof MenuPrimitive.Separator>) {
  return <MenuPrimitive.Separator className={cn('-mx-1 my-1 h-px bg-border', className)} {...props} />;
}

/** A keyboard shortcut hint at the end of an item, e.g. "Ctrl K". */
export function DropdownMenuShortcut({ className, ...props }: ComponentProps<'span'>) {
  return (
    <span className={cn('ml-auto text-xs tracking-widest text-muted-foreground', className)} {...props} />
  );
}

/** A check mark, sized for menu and select items. */
export function CheckIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-4"
      fill="none"
      stroke="currentColor"
      strokeWidth="2.5"
      aria-hidden="true"
    >
      <path d="M20 6 9 17l-5-5" />
    </svg>
  );
}
