/**
 * The retry schedule with the production defaults (issue 16: "retried with exponential backoff
 * for 24 h, then marked failed"): 10 s doubling to at most 1 h apart, and no attempt later than
 * 24 h after the delivery was created. webhooks.spec.ts runs the same rule against a real
 * receiver with a 2-second window.
 */
import { describe, expect, it } from 'vitest';
import { webhookSettings } from '../env.ts';
import { afterFailure, backoffDelay } from './delivery-worker.ts';

const defaults = webhookSettings({ NODE_ENV: 'production' });
const S = 1000;
const DAY = 86_400 * S;

/** Attempt times of a delivery whose receiver always fails, until it is given up. */
function attemptsUntilFailed(settings = defaults): number[] {
  const times = [0];
  for (;;) {
    const now = times.at(-1)!;
    const { delayMs, giveUp } = afterFailure(settings, times.length, 0, now);
    if (giveUp) return times;
    times.push(now + delayMs);
  }
}

describe('webhook retry schedule', () => {
  it('waits 10 s after the first failure, doubling up to one hour', () => {
    const delays = Array.from({ length: 12 }, (_, i) => backoffDelay(defaults, i + 1) / S);
    expect(delays).toEqual([10, 20, 40, 80, 160, 320, 640, 1280, 2560, 3600, 3600, 3600]);
    // Far along, the exponent never overflows into a longer wait.
    expect(backoffDelay(defaults, 10_000)).toBe(3600 * S);
  });

  it('keeps trying for 24 hours, then the delivery fails', () => {
    const times = attemptsUntilFailed();
    // 9 doubling waits (5 110 s), then hourly: 22 more fit in the day.
    expect(times).toHaveLength(32);
    expect(times.at(-1)).toBe((5110 + 22 * 3600) * S);
    expect(times.at(-1)!).toBeLessThanOrEqual(DAY);
    // The next attempt would have been past the window: given up instead.
    expect(times.at(-1)! + 3600 * S).toBeGreaterThan(DAY);
    expect(afterFailure(defaults, 32, 0, times.at(-1)!).giveUp).toBe(true);
    expect(afterFailure(defaults, 31, 0, times.at(-2)!).giveUp).toBe(false);
  });

  it('follows WEBHOOK_RETRY_WINDOW_S and the backoff settings', () => {
    const short = webhookSettings({ WEBHOOK_RETRY_WINDOW_S: 60, WEBHOOK_BACKOFF_MS: 5_000 });
    expect(attemptsUntilFailed(short).map((t) => t / S)).toEqual([0, 5, 15, 35]);
  });
});
