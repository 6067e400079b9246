/**
 * The POS host as a plain Node process: `tsx pos-desktop/src/main/host/main.ts`. `npm start`
 * runs it next to the backend so the renderer at :5173 works in any browser; tests run it as a
 * child they can SIGKILL.
 *
 * Environment (all problems are reported together, exit 78):
 *   JOWI_POS_DATA_DIR               data folder (default `.data/pos-host`)
 *   JOWI_GATEWAY_URL                the gateway (default http://127.0.0.1:4000/graphql)
 *   JOWI_POS_HOST_PORT              loopback port (default 4020; 0 = any free one)
 *   JOWI_POS_HOST_SECRET            the per-start secret (default: 32 random bytes)
 *   JOWI_PAIRING_CODE               pair with this code at start when not paired yet
 *   JOWI_DEVICE_NAME                device name for that pairing (default `POS host (<hostname>)`)
 *   JOWI_OFFLINE_PIN_MAX_AGE_HOURS  how long a PIN works offline after an online sign-in (default 168)
 *   JOWI_POS_HEARTBEAT_SECONDS      health heartbeat to the server when no sync carried it (default 60)
 *   JOWI_PRINTER / JOWI_PRINTER_DEVICE   `dialog` (default) or `escpos`, and the device to write to
 *   JOWI_FISCAL_*                   as for the Electron app (`src/main/config.ts`)
 * When ready it prints one JSON line: {"event":"ready","url":…,"terminalId":…,"paired":…}.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_GATEWAY_URL, DEFAULT_POS_HOST_PORT } from '../../shared/pos-api.ts';
import { resolveFiscalConfig } from '../config.ts';
import { startLoopback } from './loopback.ts';
import { type PosHostOptions, startPosHost } from './pos-host.ts';

const envSchema = z.object({
  JOWI_POS_DATA_DIR: z.string().min(1).default('.data/pos-host'),
  JOWI_GATEWAY_URL: z.url({ protocol: /^https?$/ }).default(DEFAULT_GATEWAY_URL),
  JOWI_POS_HOST_PORT: z.coerce.number().int().min(0).max(65_535).default(DEFAULT_POS_HOST_PORT),
  JOWI_POS_HOST_SECRET: z.string().min(16).optional(),
  JOWI_PAIRING_CODE: z
    .string()
    .regex(/^\d{8}$/, 'must be 8 digits')
    .optional(),
  JOWI_DEVICE_NAME: z.string().min(1).max(100).optional(),
  JOWI_OFFLINE_PIN_MAX_AGE_HOURS: z.coerce.number().positive().default(168),
  JOWI_POS_HEARTBEAT_SECONDS: z.coerce.number().int().min(5).max(3_600).default(60),
  JOWI_PRINTER: z.enum(['dialog', 'escpos']).default('dialog'),
  JOWI_PRINTER_DEVICE: z.string().min(1).optional(),
});

/** The package version, sent as `x-jowi-client-version`. */
export function clientVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return `pos-desktop/${pkg.version}`;
}

/** The host's options from the environment, or every problem. */
export function hostOptionsFromEnv(
  env: Record<string, string | undefined>,
):
  | { options: PosHostOptions & { port: number; secret: string; pairingCode?: string; deviceName: string } }
  | { problems: string[] } {
  const parsed = envSchema.safeParse(env);
  const problems = parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${String(issue.path[0])} ${issue.message}`);
  const dataDir = resolve(parsed.success ? parsed.data.JOWI_POS_DATA_DIR : '.data/pos-host');
  const fiscal = resolveFiscalConfig(env, {}, dataDir);
  problems.push(...fiscal.problems);
  if (!parsed.success || !fiscal.config) return { problems };
  const e = parsed.data;
  return {
    options: {
      dataDir,
      gatewayUrl: e.JOWI_GATEWAY_URL,
      clientVersion: clientVersion(),
      fiscal: fiscal.config,
      printer:
        e.JOWI_PRINTER === 'escpos'
          ? { kind: 'escpos', ...(e.JOWI_PRINTER_DEVICE ? { device: e.JOWI_PRINTER_DEVICE } : {}) }
          : { kind: 'dialog' },
      pinPolicy: { offlineMaxAgeMs: e.JOWI_OFFLINE_PIN_MAX_AGE_HOURS * 3_600_000 },
      sync: { heartbeatMs: e.JOWI_POS_HEARTBEAT_SECONDS * 1_000 },
      port: e.JOWI_POS_HOST_PORT,
      secret: e.JOWI_POS_HOST_SECRET ?? randomBytes(32).toString('base64url'),
      ...(e.JOWI_PAIRING_CODE ? { pairingCode: e.JOWI_PAIRING_CODE } : {}),
      deviceName: e.JOWI_DEVICE_NAME ?? `POS host (${hostname()})`.slice(0, 100),
    },
  };
}

async function main(): Promise<void> {
  const config = hostOptionsFromEnv(process.env);
  if ('problems' in config) {
    console.error(`Invalid POS host configuration:\n- ${config.problems.join('\n- ')}`);
    process.exit(78);
  }
  const { options } = config;
  const host = await startPosHost(options);
  if (options.pairingCode && !host.session.device()) {
    const paired = await host.api.session.pair({ code: options.pairingCode, deviceName: options.deviceName });
    if (!paired.ok)
      console.error(`pos host: pairing failed: ${paired.error.code} ${paired.error.detail ?? ''}`);
  }
  const loopback = await startLoopback({ host, port: options.port, secret: options.secret });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await loopback.close();
    await host.close();
    process.exit(0);
  };
  // Before the ready line: whoever reads it may stop the host at once.
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
  const device = host.session.device();
  console.log(
    JSON.stringify({
      event: 'ready',
      url: loopback.url,
      terminalId: device?.terminalId ?? null,
      paired: !!device,
    }),
  );
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
