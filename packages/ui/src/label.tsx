import type { ComponentProps } from 'react';
import { cn } from './cn.ts';

/** Props of {@link Label}; pass `htmlFor` with the id of the control it names. */
export type LabelProps = ComponentProps<'label'>;

/** A form label. */
export function Label({ className, ...props }: LabelProps) {
  // biome-ignore lint/a11y/noLabelWithoutControl: callers pass htmlFor (or nest the control).
  return <label className={cn('text-sm font-medium leading-none select-none', className)} {...props} />;
}
