/**
 * Where the till looks for new versions (electron-updater, generic provider): `JOWI_UPDATE_URL`,
 * else the feed recorded at packaging time (electron-builder's `publish.url`, see
 * electron-builder.yml). `JOWI_UPDATE_CHANNEL` picks `latest` (default) or `beta`. No Electron
 * imports: tested with plain vitest.
 */
import { z } from 'zod';

export interface UpdateConfig {
  /** The feed folder, or null to keep the one recorded at packaging time. */
  feedUrl: string | null;
  channel: 'latest' | 'beta';
  /** Between checks while the app runs. */
  intervalMs: number;
}

export const UPDATE_CHECK_INTERVAL_MS = 4 * 60 * 60_000;

const schema = z.object({
  feedUrl: z.url({ protocol: /^https?$/, error: 'JOWI_UPDATE_URL must be an http(s) URL' }).nullable(),
  channel: z.enum(['latest', 'beta'], { error: 'JOWI_UPDATE_CHANNEL must be latest or beta' }),
});

/** The update settings from the environment; throws with every problem at once. */
export function resolveUpdateConfig(env: Record<string, string | undefined>): UpdateConfig {
  const parsed = schema.safeParse({
    feedUrl: env.JOWI_UPDATE_URL || null,
    channel: env.JOWI_UPDATE_CHANNEL || 'latest',
  });
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => i.message).join('; '));
  return { ...parsed.data, intervalMs: UPDATE_CHECK_INTERVAL_MS };
}
