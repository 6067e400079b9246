import { useCallback, useState } from 'react';

/**
 * A value that the caller may control (`value` + `onChange`) or leave to the component
 * (`initial`). Returns the value in force and a setter that informs the caller either way.
 */
export function useControllable<V>(
  value: V | undefined,
  onChange: ((next: V) => void) | undefined,
  initial: V,
): [V, (next: V) => void] {
  const [own, setOwn] = useState(initial);
  const current = value === undefined ? own : value;
  const set = useCallback(
    (next: V) => {
      if (value === undefined) setOwn(next);
      onChange?.(next);
    },
    [value, onChange],
  );
  return [current, set];
}
