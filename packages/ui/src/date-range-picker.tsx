'use client';

/**
 * A date-range picker for reports: presets (today, yesterday, this week, …) resolved in the
 * store's time zone, and a calendar for a custom range. It emits a {@link DateRangeValue}: local
 * business dates (inclusive) and the matching UTC instants (half-open) — see `date-range.ts`.
 */
import { TZDate } from '@date-fns/tz';
import { displayDayRange } from '@jowi/receipt';
import { format } from 'date-fns';
import { useState } from 'react';
import { type DateRange, DayPicker } from 'react-day-picker';
import { Button } from './button.tsx';
import { cn } from './cn.ts';
import {
  DATE_RANGE_PRESETS,
  type DateRangeValue,
  dateRange,
  dayIn,
  presetRange,
  zonedDay,
} from './date-range.ts';
import { useMessages, useUiLocale } from './locale.tsx';
import type { DateRangeMessages, DateRangePresetId } from './messages.ts';
import { Popover, PopoverContent, PopoverTrigger } from './popover.tsx';

/** Props of {@link DateRangePicker}. */
export interface DateRangePickerProps {
  /** The IANA time zone of the store, e.g. `Asia/Tashkent`. Presets and instants use it. */
  timeZone: string;
  /** The range shown; null shows the placeholder. */
  value: DateRangeValue | null;
  onValueChange: (value: DateRangeValue) => void;
  /** Presets offered, in order. Default all of them. */
  presets?: readonly DateRangePresetId[];
  /** The current moment; tests and server-rendered pages pass it. Default `new Date()`. */
  now?: Date;
  /** Days after today cannot be picked. Default true. */
  disableFuture?: boolean;
  messages?: Partial<DateRangeMessages>;
  /** Id of the trigger button, for a `<Label htmlFor>`. */
  id?: string;
  className?: string;
}

/** A button showing the chosen range that opens presets and a calendar. */
export function DateRangePicker({
  timeZone,
  value,
  onValueChange,
  presets = DATE_RANGE_PRESETS,
  now,
  disableFuture = true,
  messages,
  id,
  className,
}: DateRangePickerProps) {
  const text = useMessages('dateRange', messages);
  const locale = useUiLocale();
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<DateRange | undefined>();
  const moment = now ?? new Date();
  const today = zonedDay(dayIn(moment, timeZone), timeZone);

  function choose(next: DateRangeValue): void {
    onValueChange(next);
    setOpen(false);
  }
  function openChange(next: boolean): void {
    setOpen(next);
    if (next)
      setDraft(
        value ? { from: zonedDay(value.from, timeZone), to: zonedDay(value.to, timeZone) } : undefined,
      );
  }
  const day = (date: Date) => format(new TZDate(date.getTime(), timeZone), 'yyyy-MM-dd');
  const draftFrom = draft?.from;
  const draftTo = draft?.to ?? draft?.from;

  return (
    <Popover open={open} onOpenChange={openChange}>
      <PopoverTrigger asChild>
        <Button id={id} variant="outline" className={cn('justify-start font-normal', className)}>
          <CalendarIcon />
          <span>
            {value ? (
              <>
                {value.preset ? <span className="font-medium">{text.presets[value.preset]}: </span> : null}
                {describeRange(value, locale.tag)}
              </>
            ) : (
              <span className="text-muted-foreground">{text.placeholder}</span>
            )}
          </span>
        </Button>
      </PopoverTrigger>
      <PopoverContent align="start" className="w-auto p-0">
        <div className="flex flex-col sm:flex-row">
          <fieldset className="flex flex-col gap-1 border-b p-2 sm:border-r sm:border-b-0">
            <legend className="sr-only">{text.label}</legend>
            {presets.map((preset) => (
              <Button
                key={preset}
                variant="ghost"
                size="sm"
                className="justify-start"
                aria-pressed={value?.preset === preset}
                onClick={() => choose(presetRange(preset, timeZone, moment))}
              >
                {text.presets[preset]}
              </Button>
            ))}
          </fieldset>
          <div className="p-3">
            <p className="mb-1 text-sm font-medium">{text.custom}</p>
            <DayPicker
              mode="range"
              resetOnSelect
              timeZone={timeZone}
              today={today}
              weekStartsOn={1}
              locale={locale.dates}
              selected={draft}
              onSelect={setDraft}
              defaultMonth={draft?.from ?? today}
              disabled={disableFuture ? { after: today } : undefined}
              footer={draft?.from && !draft.to ? text.pickEnd : undefined}
              classNames={dayPickerClasses}
            />
            <div className="mt-3 flex justify-end gap-2">
              <Button variant="outline" size="sm" onClick={() => setOpen(false)}>
                {text.cancel}
              </Button>
              <Button
                size="sm"
                disabled={!draftFrom || !draftTo}
                onClick={() =>
                  draftFrom && draftTo && choose(dateRange(day(draftFrom), day(draftTo), timeZone))
                }
              >
                {text.apply}
              </Button>
            </div>
          </div>
        </div>
      </PopoverContent>
    </Popover>
  );
}

/**
 * "1–7 Dec 2026" (uz "1–7-dekabr, 2026") for a range, in the locale's words; the dates are
 * calendar days, not instants. Written by `@jowi/receipt`, which spells Uzbek itself.
 */
export function describeRange(value: Pick<DateRangeValue, 'from' | 'to'>, localeTag: string): string {
  return displayDayRange(value.from, value.to, localeTag);
}

const dayPickerClasses = {
  months: 'relative flex flex-col gap-4',
  month: 'flex flex-col gap-2',
  month_caption: 'flex h-8 items-center justify-center text-sm font-medium',
  nav: 'absolute inset-x-0 top-0 flex h-8 items-center justify-between',
  button_previous:
    'inline-flex size-8 cursor-pointer items-center justify-center rounded-md hover:bg-muted disabled:opacity-40 focus-visible:outline-2 focus-visible:outline-ring [&_svg]:size-4 [&_svg]:fill-current',
  button_next:
    'inline-flex size-8 cursor-pointer items-center justify-center rounded-md hover:bg-muted disabled:opacity-40 focus-visible:outline-2 focus-visible:outline-ring [&_svg]:size-4 [&_svg]:fill-current',
  month_grid: 'border-collapse',
  weekdays: 'flex',
  weekday: 'w-9 text-center text-xs font-normal text-muted-foreground',
  week: 'mt-1 flex',
  day: 'size-9 p-0 text-center text-sm',
  day_button:
    'size-9 cursor-pointer rounded-md tabular-nums hover:bg-muted focus-visible:outline-2 focus-visible:outline-ring disabled:cursor-not-allowed',
  today: 'font-semibold underline underline-offset-4',
  selected: '[&>button]:bg-primary [&>button]:text-primary-foreground',
  range_middle: '[&>button]:!bg-accent [&>button]:!text-accent-foreground',
  outside: 'text-muted-foreground',
  disabled: 'text-muted-foreground opacity-50',
  hidden: 'invisible',
  footer: 'mt-2 text-xs text-muted-foreground',
};

function CalendarIcon() {
  return (
    <svg
      viewBox="0 0 24 24"
      className="size-4 text-muted-foreground"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      aria-hidden="true"
    >
      <rect x="3" y="5" width="18" height="16" rx="2" />
      <path d="M16 3v4M8 3v4M3 10h18" />
    </svg>
  );
}
