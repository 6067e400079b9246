/**
 * One subscription's stream of results: its backlog first (the tenant's events after `after`,
 * read from the log up to where the shared tail stood when it joined), then the events the tail
 * reads from then on. Joining the tail *before* reading the backlog, and delivering only events
 * after the last one delivered, is what leaves no gap and no duplicate between the two.
 *
 * A hand-written async iterator rather than an async generator: graphql-ws calls `return()` when
 * the client completes or disconnects, and a generator waiting for the next event would not see
 * that until an event came.
 */
import type { ExecutionResult } from 'graphql';
import type { EventTail, TailEvent } from './event-tail.ts';
import { isAfter, type LogPosition } from './position.ts';

/** Events a slow subscriber may have waiting before it is dropped (it resumes with its cursor). */
const MAX_WAITING = 10_000;

export interface StreamOptions {
  tail: EventTail;
  tenantId: string;
  types: readonly string[];
  /** Where to start: the client's `after`, else where the tail is now. */
  after: LogPosition | null;
  keeps(event: TailEvent): boolean;
  /** The result for one event, or null to skip it. */
  resolve(event: TailEvent): Promise<ExecutionResult | null>;
}

export class EventStream implements AsyncIterableIterator<ExecutionResult> {
  private last: LogPosition;
  private backlogFrom: LogPosition;
  private readonly backlogTo: LogPosition;
  private backlog: TailEvent[] = [];
  private readonly live: TailEvent[] = [];
  private wakeUp: (() => void) | null = null;
  private done = false;
  private overflow = false;
  private readonly unlisten: () => void;

  constructor(private readonly options: StreamOptions) {
    const { tail, tenantId } = options;
    this.unlisten = tail.listen((event) => {
      if (event.tenantId !== tenantId || !options.types.includes(event.type)) return;
      if (this.live.length >= MAX_WAITING) this.overflow = true;
      else this.live.push(event);
      this.wakeUp?.();
    });
    const now = tail.position!;
    this.backlogTo = now;
    this.backlogFrom = options.after ?? now;
    this.last = this.backlogFrom;
  }

  [Symbol.asyncIterator]() {
    return this;
  }

  async next(): Promise<IteratorResult<ExecutionResult>> {
    while (!this.done) {
      if (this.overflow) {
        this.finish();
        return {
          done: false,
          value: {
            errors: [
              {
                message:
                  'Events arrived faster than this subscriber read them; resubscribe with the last cursor',
                extensions: { code: 'SUBSCRIBER_TOO_SLOW' },
              } as never,
            ],
          },
        };
      }
      const event = await this.nextEvent();
      if (!event) continue;
      if (!isAfter(event.position, this.last)) continue;
      this.last = event.position;
      if (!this.options.keeps(event)) continue;
      const result = await this.options.resolve(event);
      if (result && !this.done) return { done: false, value: result };
    }
    return { done: true, value: undefined };
  }

  /** The next backlog event, else the next live one, else waits (null: look again). */
  private async nextEvent(): Promise<TailEvent | null> {
    if (this.backlog.length === 0 && isAfter(this.backlogTo, this.backlogFrom)) {
      const { tail, tenantId, types } = this.options;
      this.backlog = await tail.readRange(tenantId, types, this.backlogFrom, this.backlogTo);
      this.backlogFrom = this.backlog.at(-1)?.position ?? this.backlogTo;
    }
    const event =
      this.backlog.shift() ?? (isAfter(this.backlogTo, this.backlogFrom) ? undefined : this.live.shift());
    if (event) return event;
    if (isAfter(this.backlogTo, this.backlogFrom)) return null;
    await new Promise<void>((resolve) => {
      this.wakeUp = resolve;
    });
    this.wakeUp = null;
    return null;
  }

  private finish() {
    this.done = true;
    this.unlisten();
    this.wakeUp?.();
  }

  async return(): Promise<IteratorResult<ExecutionResult>> {
    this.finish();
    return { done: true, value: undefined };
  }

  async throw(error: unknown): Promise<IteratorResult<ExecutionResult>> {
    this.finish();
    throw error;
  }
}
