/**
 * Keyboard movement between the rows of a virtualised table. One row is "active" (tabIndex 0,
 * the rest -1: a roving tab stop), and the keys move it:
 * ↑/↓ one row, PageUp/PageDown one screen, Home/End the first/last row, Enter activates.
 * The target row may not be in the DOM yet (only a window of rows is rendered), so the
 * virtualiser scrolls to it first and focus follows once the row exists.
 */
import type { Virtualizer } from '@tanstack/react-virtual';
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useRef, useState } from 'react';

/** What {@link useRowNavigation} needs to know. */
export interface RowNavigationOptions {
  count: number;
  /** Rows per screen, for PageUp/PageDown. */
  pageRows: number;
  virtualizer: Virtualizer<HTMLDivElement, Element>;
  body: RefObject<HTMLTableSectionElement | null>;
  onActivate?: (index: number) => void;
}

/** The active row, the key handler for `<tbody>`, and a focus handler for each row. */
export function useRowNavigation({ count, pageRows, virtualizer, body, onActivate }: RowNavigationOptions) {
  const [active, setActive] = useState(0);
  const pending = useRef<number | null>(null);
  const activeRow = Math.min(active, Math.max(0, count - 1));

  const focusWhenRendered = useCallback(
    (index: number) => {
      pending.current = index;
      let frames = 0;
      const attempt = () => {
        if (pending.current !== index) return;
        const row = body.current?.querySelector<HTMLElement>(`tr[data-index="${index}"]`);
        if (row) {
          pending.current = null;
          row.focus();
        } else if (frames++ < 60) {
          requestAnimationFrame(attempt);
        }
      };
      requestAnimationFrame(attempt);
    },
    [body],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLTableSectionElement>) => {
      if (event.target instanceof HTMLElement && event.target.tagName !== 'TR') return; // keys inside a cell's control
      if (event.key === 'Enter') {
        if (onActivate && count > 0) {
          event.preventDefault();
          onActivate(activeRow);
        }
        return;
      }
      const next = targetRow(event.key, activeRow, count, pageRows);
      if (next === null) return;
      event.preventDefault();
      setActive(next);
      virtualizer.scrollToIndex(next, { align: 'auto' });
      focusWhenRendered(next);
    },
    [activeRow, count, pageRows, virtualizer, focusWhenRendered, onActivate],
  );

  // A new page or data set starts again at the top.
  useEffect(() => {
    if (active >= count) setActive(0);
  }, [active, count]);

  return { active: activeRow, setActive, onKeyDown };
}

/** The row a navigation key leads to, or null for other keys. */
export function targetRow(key: string, from: number, count: number, pageRows: number): number | null {
  if (count === 0) return null;
  const last = count - 1;
  const clamp = (i: number) => Math.max(0, Math.min(last, i));
  switch (key) {
    case 'ArrowDown':
      return clamp(from + 1);
    case 'ArrowUp':
      return clamp(from - 1);
    case 'PageDown':
      return clamp(from + pageRows);
    case 'PageUp':
      return clamp(from - pageRows);
    case 'Home':
      return 0;
    case 'End':
      return last;
    default:
      return null;
  }
}
