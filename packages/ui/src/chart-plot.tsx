'use client';

/**
 * The drawing of a {@link Chart} on recharts, in its own module so recharts is loaded with the
 * first chart on screen (`chart.tsx` loads it lazily) rather than with every page.
 */
import type { ReactNode } from 'react';
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
import type { ChartSeries, Point } from './chart.tsx';

export interface ChartPlotProps<T> {
  kind: 'bar' | 'line' | 'area';
  points: Point[];
  data: readonly T[];
  series: readonly ChartSeries<T>[];
  height: number;
  stacked?: boolean;
  axis: (value: number) => string;
  text: (s: ChartSeries<T>, row: T) => string;
  colour: (s: ChartSeries<T>, i: number) => string;
}

export function ChartPlot<T>({
  kind,
  points,
  data,
  series,
  height,
  stacked,
  axis,
  text,
  colour,
}: ChartPlotProps<T>): ReactNode {
  const Plot = kind === 'bar' ? BarChart : kind === 'line' ? LineChart : AreaChart;
  return (
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
          return <Bar key={s.key} {...common} fill={colour(s, i)} stackId={stack} radius={[3, 3, 0, 0]} />;
        if (kind === 'line')
          return (
            <Line key={s.key} {...common} type="monotone" stroke={colour(s, i)} strokeWidth={2} dot={false} />
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
  );
}
