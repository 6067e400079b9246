'use client';

/**
 * Charts for the back office on recharts, coloured by the theme's chart tokens (so they follow
 * light and dark) and accessible: a figure with a caption, recharts' keyboard layer, and a
 * visually hidden table of the exact figures for screen readers.
 *
 * Money stays exact where people read it: bar heights and line points need numbers, so a series
 * gives `value(row)` for the geometry (e.g. so'm as a number — pixels need no tiyin precision),
 * while tooltips and the hidden table show `format(row)`, usually the row's own `Money` string.
 */
import { type ReactNode, useId, useMemo } from 'react';
import {
  Area,
  AreaChart,
  Bar,
  BarChart,
  CartesianGrid,
  Tooltip as ChartTooltip,
  Legend,
  Line,
  LineChart,
  XAxis,
  YAxis,
} from 'recharts';
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

interface Point {
  category: string;
  index: number;
  [series: string]: number | string;
}

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

  const Plot = kind === 'bar' ? BarChart : kind === 'line' ? LineChart : AreaChart;
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
        <Plot
          data={points}
          responsive
          accessibilityLayer={false}
          style={{ width: '100%', height }}
          margin={{ top: 8, right: 8, bottom: 0, left: 8 }}
        >
          <CartesianGrid vertical={false} stroke="var(--border)" />
          <XAxis
            dataKey="category"
            tickLine={false}
            axisLine={false}
            tick={{ fill: 'var(--muted-foreground)' }}
          />
          <YAxis
            tickLine={false}
            axisLine={false}
            width="auto"
            tickFormatter={axis}
            tick={{ fill: 'var(--muted-foreground)' }}
          />
          <ChartTooltip
            cursor={{ fill: 'var(--muted)', stroke: 'var(--border)' }}
            content={({ active, label, payload }) => {
              const index = payload?.[0]?.payload?.index;
              const row = typeof index === 'number' ? data[index] : undefined;
              if (!active || row === undefined) return null;
              return (
                <div className="rounded-md border bg-card px-3 py-2 text-xs text-card-foreground shadow-md">
                  <p className="mb-1 font-medium">{label}</p>
                  {series.map((s, i) => (
                    <p key={s.key} className="flex items-center gap-2">
                      <span className="size-2 rounded-full" style={{ background: colour(s, i) }} />
                      <span className="text-muted-foreground">{s.label}</span>
                      <span className="ml-auto font-medium tabular-nums">{text(s, row)}</span>
                    </p>
                  ))}
                </div>
              );
            }}
          />
          {series.length > 1 ? <Legend wrapperStyle={{ color: 'var(--foreground)' }} /> : null}
          {series.map((s, i) => {
            const common = { dataKey: s.key, name: s.label, isAnimationActive: false };
            const stack = stacked ? 'stack' : undefined;
            if (kind === 'bar')
              return (
                <Bar key={s.key} {...common} fill={colour(s, i)} stackId={stack} radius={[3, 3, 0, 0]} />
              );
            if (kind === 'line')
              return (
                <Line
                  key={s.key}
                  {...common}
                  type="monotone"
                  stroke={colour(s, i)}
                  strokeWidth={2}
                  dot={false}
                />
              );
            return (
              <Area
                key={s.key}
                {...common}
                type="monotone"
                stroke={colour(s, i)}
                fill={colour(s, i)}
                fillOpacity={0.2}
                stackId={stack}
              />
            );
          })}
        </Plot>
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
