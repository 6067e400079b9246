/** The Node host's configuration from the environment. */
import { describe, expect, it } from 'vitest';
import { hostOptionsFromEnv } from './main.ts';

describe('hostOptionsFromEnv', () => {
  it('sets the health heartbeat from JOWI_POS_HEARTBEAT_SECONDS (a minute by default)', () => {
    const heartbeat = (env: Record<string, string>) => {
      const config = hostOptionsFromEnv(env);
      return 'options' in config ? config.options.sync?.heartbeatMs : config.problems;
    };
    expect(heartbeat({})).toBe(60_000);
    expect(heartbeat({ JOWI_POS_HEARTBEAT_SECONDS: '30' })).toBe(30_000);
    expect(heartbeat({ JOWI_POS_HEARTBEAT_SECONDS: '1' })).toEqual([
      expect.stringMatching(/^JOWI_POS_HEARTBEAT_SECONDS /),
    ]);
  });
});
