/**
 * What the playground's components reported, for the browser test to read with
 * `window.__ui.events`. Bigints are written as `{ bigint: "…" }` so the log stays JSON.
 */
export interface RecordedEvent {
  name: string;
  payload: unknown;
}

declare global {
  interface Window {
    __ui: { events: RecordedEvent[] };
  }
}

window.__ui = { events: [] };

/** Appends one event to the log. */
export function record(name: string, payload: unknown): void {
  const json = JSON.parse(
    JSON.stringify(payload ?? null, (_key, value) =>
      typeof value === 'bigint' ? { bigint: value.toString() } : value,
    ),
  );
  window.__ui.events.push({ name, payload: json });
}
