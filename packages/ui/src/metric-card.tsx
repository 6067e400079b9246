'use client';

import type { ReactNode } from 'react';
import { Card } from './card.tsx';
import { cn } from './cn.ts';
import { Tooltip } from './tooltip.tsx';

/** The change of a {@link MetricCard}'s figure against the previous span. */
export interface MetricDelta {
  /** The change as people read it, e.g. "+12,5 %" or "−3 receipts". */
  text: string;
  /** Which way the figure moved. */
  direction: 'up' | 'down' | 'flat';
  /** Whether up is good (revenue) or bad (refunds). Default true. */
  upIsGood?: boolean;
  /** What it is compared with, e.g. "vs last Monday"; also read by screen readers. */
  comparedWith?: string;
}

/** Props of {@link MetricCard}. */
export interface MetricCardProps {
  /** The metric's name, e.g. "Net sales". */
  label: string;
  /** The figure, e.g. `<Money value={…} />`. */
  value: ReactNode;
  delta?: MetricDelta;
  /** How the figure is computed, shown in a tooltip on the label's info button. */
  definition?: string;
  className?: string;
}

/** A dashboard tile: a figure, its change against the previous span and its definition. */
export function MetricCard({ label, value, delta, definition, className }: MetricCardProps) {
  const good = delta && delta.direction !== 'flat' && (delta.direction === 'up') === (delta.upIsGood ?? true);
  return (
    <Card className={cn('flex flex-col gap-2 p-5', className)}>
      <div className="flex items-center gap-1.5 text-sm text-muted-foreground">
        <span>{label}</span>
        {definition ? (
          <Tooltip content={definition}>
            <button
              type="button"
              aria-label={definition}
              className="inline-flex size-5 cursor-help items-center justify-center rounded-full text-xs focus-visible:outline-2 focus-visible:outline-ring"
            >
              {/* Drawn, not the ⓘ character: fonts without that glyph (Debian's Chromium) show a box. */}
              <svg
                viewBox="0 0 16 16"
                aria-hidden="true"
                className="size-3.5"
                fill="none"
                stroke="currentColor"
              >
                <circle cx="8" cy="8" r="6.5" strokeWidth="1.3" />
                <path d="M8 7.2v4" strokeWidth="1.5" strokeLinecap="round" />
                <circle cx="8" cy="4.9" r="0.9" fill="currentColor" stroke="none" />
              </svg>
            </button>
          </Tooltip>
        ) : null}
      </div>
      <div className="text-2xl font-semibold tabular-nums">{value}</div>
      {delta ? (
        <p
          className={cn(
            'text-sm font-medium tabular-nums',
            delta.direction === 'flat' ? 'text-muted-foreground' : good ? 'text-success' : 'text-destructive',
          )}
        >
          <span aria-hidden="true">
            {delta.direction === 'up' ? '▲ ' : delta.direction === 'down' ? '▼ ' : ''}
          </span>
          {delta.text}
          {delta.comparedWith ? (
            <span className="font-normal text-muted-foreground"> {delta.comparedWith}</span>
          ) : null}
        </p>
      ) : null}
    </Card>
  );
}
