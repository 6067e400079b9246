import type { ComponentProps, ReactNode } from 'react';
import { cn } from './cn.ts';

/** Kinds of {@link Banner}. */
export type BannerVariant = 'info' | 'warning' | 'destructive' | 'success';

/** Props of {@link Banner}. */
export interface BannerProps extends Omit<ComponentProps<'div'>, 'title'> {
  variant?: BannerVariant;
  title: ReactNode;
  description?: ReactNode;
  /** A button or link at the right, e.g. Retry. */
  action?: ReactNode;
}

const variants: Record<BannerVariant, string> = {
  info: 'border-border bg-muted text-foreground',
  warning: 'border-warning bg-warning/15 text-foreground',
  destructive: 'border-destructive/50 bg-destructive/10 text-foreground',
  success: 'border-success/50 bg-success/10 text-foreground',
};

/**
 * A message across the page that stays until its cause is gone — "Offline: showing data from
 * 10:42, changes are disabled", a failed save. Failures are announced at once
 * (`role="alert"`), the rest politely (`role="status"`).
 */
export function Banner({ variant = 'info', title, description, action, className, ...props }: BannerProps) {
  return (
    <div
      role={variant === 'destructive' ? 'alert' : 'status'}
      className={cn(
        'flex flex-wrap items-start gap-3 rounded-md border px-4 py-3 text-sm',
        variants[variant],
        className,
      )}
      {...props}
    >
      <div className="grid min-w-0 flex-1 gap-0.5">
        <p className="font-medium">{title}</p>
        {description ? <p className="text-muted-foreground">{description}</p> : null}
      </div>
      {action ? <div className="shrink-0">{action}</div> : null}
    </div>
  );
}
