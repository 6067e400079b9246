'use client';

/**
 * Charts for the back office on recharts (the plot itself, `chart-plot.tsx`, is loaded lazily:
 * recharts is most of the UI kit's weight and only the dashboard and reports draw charts), coloured by the theme's chart tokens (so they follow
 * light and dark) and accessible: a figure with a caption, recharts' keyboard layer, and a
 * visually hidden table of the exact figures for screen readers.
 *
 * Money stays exact where people read it: bar heights and line points need numbers, so a series
 * gives `value(row)` for the geometry (e.g. so'm as a number — pixels need no tiyin precision),
 * while tooltips and the hidden table show `format(row)`, usually the row's own `Money` string.
 */
import { lazy, type ReactNode, Suspense, useId, useMemo } from 'react';
import type { ChartPlotProps } from './chart-plot.tsx';
import { cn } from './cn.ts';
import { useUiLocale } from './locale.tsx';
import { formatCount } from './messages.ts';

/** One series (bars, a line or an area) of a {@link Chart}. */
export interface ChartSeries<T> {
  /** Unique key. */
  key: string;
  /** Legend and tooltip name. */
  label: string;
  /** The number the geometry uses. */
  value: (row: T) => number;
  /** The exact text shown for a row (tooltip, hidden table), e.g. a formatted Money string. */
  format?: (row: T) => string;
  /** A CSS colour; default the theme's `--chart-N` token by position. */
  color?: string;
}

/** Props of {@link Chart}. */
export interface ChartProps<T> {
  /** `bar`, `line` or `area`. */
  kind: 'bar' | 'line' | 'area';
  data: readonly T[];
  /** The label of a row on the category axis, e.g. the hour "09:00". */
  category: (row: T) => string;
  series: readonly ChartSeries<T>[];
  /** Caption and accessible name, e.g. "Revenue by hour". */
  title: ReactNode;
  /** A sentence under the title. */
  description?: ReactNode;
  /** Axis tick text; default grouped integers. */
  formatAxis?: (value: number) => string;
  /** Stack bars or areas. */
  stacked?: boolean;
  /** Height of the plot in px. Default 260. */
  height?: number;
  /** Hide the caption visually (it stays the accessible name). */
  hideTitle?: boolean;
  className?: string;
}

/** One category's values, as the plot draws them. */
export interface Point {
  category: string;
  index: number;
  [series: string]: number | string;
}

const LazyPlot = lazy(() =>
  import('./chart-plot.tsx').then((module) => ({ default: module.ChartPlot })),
) as unknown as <T>(props: ChartPlotProps<T>) => ReactNode;

/** A bar, line or area chart of one or more series over categories. */
export function Chart<T>({
  kind,
  data,
  category,
  series,
  title,
  description,
  formatAxis,
  stacked,
  height = 260,
  hideTitle,
  className,
}: ChartProps<T>) {
  const { number } = useUiLocale();
  const titleId = useId();
  const points = useMemo(
    () =>
      data.map((row, index) => {
        const point: Point = { category: category(row), index };
        for (const s of series) point[s.key] = s.value(row);
        return point;
      }),
    [data, category, series],
  );
  const axis = formatAxis ?? ((value: number) => formatCount(value, number));
  const text = (s: ChartSeries<T>, row: T) => (s.format ? s.format(row) : axis(s.value(row)));
  const colour = (s: ChartSeries<T>, i: number) => s.color ?? `var(--chart-${(i % 5) + 1})`;

  return (
    <figure aria-labelledby={titleId} className={cn('flex flex-col gap-2', className)}>
      <figcaption id={titleId} className={cn('text-sm font-medium', hideTitle && 'sr-only')}>
        {title}
        {description ? (
          <span className="block text-xs font-normal text-muted-foreground">{description}</span>
        ) : null}
      </figcaption>
      <div aria-hidden="true" style={{ height }} className="w-full text-xs">
        {/* The hidden table below carries the figures for assistive technology, so the drawing
            stays out of the accessibility tree and out of the tab order. */}
        {/* recharts is loaded with the first chart on screen, not with every page of the app. */}
        <Suspense fallback={null}>
          <LazyPlot
            kind={kind}
            points={points}
            data={data}
            series={series}
            height={height}
            stacked={stacked}
            axis={axis}
            text={text}
            colour={colour}
          />
        </Suspense>
      </div>
      <table className="sr-only">
        <thead>
          <tr>
            <th scope="col" />
            {series.map((s) => (
              <th key={s.key} scope="col">
                {s.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {data.map((row, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no id; the order is the data's.
            <tr key={index}>
              <th scope="row">{category(row)}</th>
              {series.map((s) => (
                <td key={s.key}>{text(s, row)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
