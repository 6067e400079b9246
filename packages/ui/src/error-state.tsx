import type { ComponentProps, ReactNode } from 'react';
import { Button } from './button.tsx';
import { cn } from './cn.ts';

/** Props of {@link ErrorState}. */
export interface ErrorStateProps extends Omit<ComponentProps<'div'>, 'title'> {
  /** What failed, in the user's words, e.g. "Could not load products". */
  title: ReactNode;
  /** More detail or advice. */
  description?: ReactNode;
  /** Called by the retry button; without it no button is shown. */
  onRetry?: () => void;
  /** Text of the retry button. Default "Try again". */
  retryLabel?: string;
}

/** Replaces content that failed to load; announced to screen readers (`role="alert"`). */
export function ErrorState({
  title,
  description,
  onRetry,
  retryLabel = 'Try again',
  className,
  ...props
}: ErrorStateProps) {
  return (
    <div
      role="alert"
      className={cn(
        'flex flex-col items-center justify-center gap-2 rounded-lg border border-destructive/30 bg-destructive/5 px-6 py-10 text-center',
        className,
      )}
      {...props}
    >
      <p className="text-base font-medium text-destructive">{title}</p>
      {description ? <p className="max-w-md text-sm text-muted-foreground">{description}</p> : null}
      {onRetry ? (
        <Button variant="outline" size="sm" className="mt-2" onClick={onRetry}>
          {retryLabel}
        </Button>
      ) : null}
    </div>
  );
}
