import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn.ts';

/** Props of {@link EmptyState}. */
export interface EmptyStateProps extends Omit<ComponentProps<'div'>, 'title'> {
  /** What is empty, e.g. "No products found". */
  title: ReactNode;
  /** What the user can do about it. */
  description?: ReactNode;
  /** An optional icon shown above the title. */
  icon?: ReactNode;
  /** An optional call to action (e.g. a button). */
  action?: ReactNode;
}

/** Placeholder for a list or table with nothing to show. */
export function EmptyState({ title, description, icon, action, className, ...props }: EmptyStateProps) {
  return (
    <div
      className={cn('flex flex-col items-center justify-center gap-2 px-6 py-12 text-center', className)}
      {...props}
    >
      {icon ? <div className="mb-1 text-muted-foreground">{icon}</div> : null}
      <p className="text-base font-medium">{title}</p>
      {description ? <p className="max-w-md text-sm text-muted-foreground">{description}</p> : null}
      {action ? <div className="mt-2">{action}</div> : null}
    </div>
  );
}
