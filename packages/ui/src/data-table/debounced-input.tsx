import { type ComponentProps, useEffect, useRef, useState } from 'react';
import { Input } from '../input.tsx';

/** Props of {@link DebouncedInput}. */
export interface DebouncedInputProps extends Omit<ComponentProps<'input'>, 'value' | 'onChange'> {
  value: string;
  /** Called once typing pauses for `delay` ms, and at once on Enter. */
  onValueChange: (value: string) => void;
  delay: number;
}

/** A text input that reports its value after typing pauses, so a server is not asked per key. */
export function DebouncedInput({ value, onValueChange, delay, onKeyDown, ...props }: DebouncedInputProps) {
  const [text, setText] = useState(value);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The timer fires after later renders: it must see the latest callback and value.
  const latest = useRef({ onValueChange, value });
  latest.current = { onValueChange, value };

  useEffect(() => setText(value), [value]);
  useEffect(() => () => clearTimeout(timer.current), []);

  function commit(next: string): void {
    clearTimeout(timer.current);
    if (next !== latest.current.value) latest.current.onValueChange(next);
  }

  return (
    <Input
      type="search"
      {...props}
      value={text}
      onChange={(event) => {
        const next = event.target.value;
        setText(next);
        clearTimeout(timer.current);
        timer.current = setTimeout(() => commit(next), delay);
      }}
      onKeyDown={(event) => {
        if (event.key === 'Enter') commit(text);
        onKeyDown?.(event);
      }}
    />
  );
}
