/**
 * The running part of a consumer (see consumer.ts): step while there is progress, sleep while
 * idle until woken — by Redis's {@link eventsChannel} message, a reconnect, or the poll — and
 * back off after failures. The steps themselves are consumer-runner.ts.
 */
import { Redis } from 'ioredis';
import type { DataSource } from 'typeorm';
import type { ConsumerRunner, Step } from './consumer-runner.ts';
import { eventsChannel } from './events.ts';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Where a loop gets its wake-ups. */
export interface WakeSource {
  dataSource: DataSource;
  /** Redis client (a subscriber connection is duplicated from it) or URL; absent: poll only. */
  redis?: Redis | string | null;
  channel?: string;
}

/** The loop around a {@link ConsumerRunner}: start, stop, wake. */
export class ConsumerLoop {
  private subscriber: Redis | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;
  private wakeRequested = false;
  private interrupt: ((reason: 'wake' | 'stop') => void) | null = null;
  private interruptibleByWake = false;

  constructor(
    private readonly runner: ConsumerRunner,
    private readonly source: WakeSource,
  ) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.stopping = false;
    if (this.source.redis) await this.subscribe(this.source.redis);
    this.running = this.loop();
  }

  /** Lets the step in progress finish, ends the loop and closes the subscriber. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.interrupt?.('stop');
    await this.running;
    this.running = null;
    this.subscriber?.disconnect();
    this.subscriber = null;
  }

  wake = (): void => {
    this.wakeRequested = true;
    if (this.interruptibleByWake) this.interrupt?.('wake');
  };

  /** Sleeps `ms`; `stop()` always ends it, a wake-up only when `wakeable`. */
  private async pause(ms: number, wakeable: boolean): Promise<void> {
    if (this.stopping) return;
    if (wakeable && this.wakeRequested) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.interrupt = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.interrupt = done;
      this.interruptibleByWake = wakeable;
    });
    this.interruptibleByWake = false;
  }

  private async loop(): Promise<void> {
    const { runner } = this;
    let heldBackDelay = 0;
    while (!this.stopping) {
      this.wakeRequested = false;
      const next: Step = await runner.step().catch(runner.onFailure);
      if (next.kind === 'progress') {
        heldBackDelay = 0;
        continue;
      }
      if (next.kind === 'failed') {
        if (next.waitMs > 0) await this.pause(next.waitMs, false);
        continue;
      }
      if (next.kind === 'heldBack') {
        // Committed events wait for an older write transaction to finish: look again soon
        // (at least once a second, however long that transaction stays open).
        heldBackDelay = Math.min(runner.pollMs, 1_000, heldBackDelay === 0 ? 50 : heldBackDelay * 2);
        await this.pause(heldBackDelay, true);
        continue;
      }
      heldBackDelay = 0;
      // Idle (or locked by another process): sleep until woken; a wake-up also checks retries.
      await this.pause(runner.pollMs, true);
      runner.checkRetriesSoon();
    }
  }

  private async subscribe(redis: Redis | string): Promise<void> {
    const { log } = this.runner;
    const channel = this.source.channel ?? eventsChannel(this.source.dataSource);
    const overrides = { enableOfflineQueue: true, maxRetriesPerRequest: null, lazyConnect: false };
    const sub = typeof redis === 'string' ? new Redis(redis, overrides) : redis.duplicate(overrides);
    this.subscriber = sub;
    sub.on('error', (error: Error) => log.warn({ err: error.message }, 'event wake-up subscriber error'));
    sub.on('message', (ch: string) => {
      if (ch === channel) this.wake();
    });
    // After a reconnect, anything published meanwhile was missed: look at the log.
    sub.on('ready', () => this.wake());
    const subscribed = sub.subscribe(channel).then(
      () => true,
      () => false,
    );
    const ok = await Promise.race([subscribed, sleep(3_000).then(() => false)]);
    if (!ok) log.warn('could not subscribe to event wake-ups yet; polling until Redis answers');
  }
}
