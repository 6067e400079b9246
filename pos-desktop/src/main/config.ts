/**
 * POS configuration for the main process.
 *
 * Sources, highest priority first: environment variables (`JOWI_GATEWAY_URL`,
 * `JOWI_TERMINAL_ID`, `JOWI_FISCAL_*`), the `settings.json` file in the app's user-data folder
 * (written when a terminal is paired), then defaults. Every problem is reported at once so a
 * misconfigured till shows one clear message instead of failing on the first field.
 *
 * The renderer sees only {@link PosConfig}; the fiscal block (device URL, journal path) stays in
 * the main process, which owns the fiscal module.
 *
 * The module has no Electron imports, so it is tested with plain vitest.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_GATEWAY_URL, type PosConfig } from '../shared/pos-api.ts';

/** The settings file's shape; every field is optional. */
export interface PosSettings {
  gatewayUrl?: string;
  terminalId?: string;
  /** Raw `fiscal` block; validated by {@link resolveFiscalConfig}. */
  fiscal?: Record<string, unknown>;
}

/** E-POS Communicator's JSON-RPC endpoint on the till itself. */
export const DEFAULT_FISCAL_DEVICE_URL = 'http://127.0.0.1:3448/rpc/api';
/** Port of the in-process fiscal gateway's HTTP API (ARCHITECTURE §2). */
export const DEFAULT_FISCAL_PORT = 4010;
/** Journal file name under the user-data folder when none is configured. */
export const DEFAULT_FISCAL_JOURNAL = 'fiscal-journal.jsonl';

/**
 * How this till fiscalizes receipts:
 *  - `local` — the usual Uzbek setup: the main process runs the fiscal gateway against the
 *    fiscal module on this machine and registers each receipt before the slip is handed over;
 *  - `central` — a virtual register: the back office fiscalizes synced sales, nothing runs here;
 *  - `off` — no fiscalization (training tills, development).
 */
export type FiscalMode = 'local' | 'central' | 'off';

/** The main process's fiscal settings, validated. */
export interface FiscalConfig {
  mode: FiscalMode;
  /** E-POS Communicator JSON-RPC endpoint (or the simulator's). */
  deviceUrl: string;
  /** Port of the gateway's HTTP API on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Absolute path of the gateway's idempotency journal. */
  journalFile: string;
}

/** Everything the main process is configured with. */
export interface MainConfig {
  /** What the renderer gets through `window.pos.getConfig()`. */
  pos: PosConfig;
  fiscal: FiscalConfig;
}

const fiscalSchema = z.object({
  mode: z.enum(['local', 'central', 'off']).default('local'),
  deviceUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .default(DEFAULT_FISCAL_DEVICE_URL),
  port: z
    .union([z.number(), z.string().regex(/^\d+$/, 'must be a port number').transform(Number)])
    .pipe(z.number().int().min(0).max(65_535))
    .default(DEFAULT_FISCAL_PORT),
  journalFile: z.string().min(1).default(DEFAULT_FISCAL_JOURNAL),
});

/** Environment variable per fiscal field; each overrides `settings.fiscal.<field>`. */
const FISCAL_ENV = {
  mode: 'JOWI_FISCAL_MODE',
  deviceUrl: 'JOWI_FISCAL_DEVICE_URL',
  port: 'JOWI_FISCAL_PORT',
  journalFile: 'JOWI_FISCAL_JOURNAL_FILE',
} as const satisfies Record<keyof FiscalConfig, string>;

/** Thrown when the environment or the settings file holds invalid values. */
export class PosConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid POS configuration:\n- ${problems.join('\n- ')}`);
    this.name = 'PosConfigError';
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function validUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * Merges environment and settings into a validated {@link PosConfig}.
 * @throws PosConfigError listing every invalid value.
 */
export function resolveConfig(
  env: Record<string, string | undefined>,
  settings: PosSettings = {},
): PosConfig {
  const problems: string[] = [];
  const gatewayFrom = env.JOWI_GATEWAY_URL ? 'JOWI_GATEWAY_URL' : 'settings.gatewayUrl';
  const gatewayUrl = env.JOWI_GATEWAY_URL || settings.gatewayUrl || DEFAULT_GATEWAY_URL;
  if (!validUrl(gatewayUrl)) problems.push(`${gatewayFrom} must be an http(s) URL, got "${gatewayUrl}"`);
  const terminalFrom = env.JOWI_TERMINAL_ID ? 'JOWI_TERMINAL_ID' : 'settings.terminalId';
  const terminalId = env.JOWI_TERMINAL_ID || settings.terminalId || null;
  if (terminalId !== null && !UUID.test(terminalId))
    problems.push(`${terminalFrom} must be a UUID, got "${terminalId}"`);
  if (problems.length) throw new PosConfigError(problems);
  return { gatewayUrl, terminalId };
}

/**
 * The fiscal block from the environment over `settings.fiscal`, with defaults. A relative
 * journal path is taken relative to `userDataDir`, so the journal lives with the till's other
 * durable state and survives app updates.
 * @returns the config, or the problems (each naming the variable or settings key at fault).
 */
export function resolveFiscalConfig(
  env: Record<string, string | undefined>,
  settings: PosSettings['fiscal'] = {},
  userDataDir: string,
): { config: FiscalConfig; problems: [] } | { config: null; problems: string[] } {
  const raw: Record<string, unknown> = {};
  const source: Record<string, string> = {};
  for (const key of Object.keys(FISCAL_ENV) as Array<keyof FiscalConfig>) {
    const fromEnv = env[FISCAL_ENV[key]];
    if (fromEnv) {
      raw[key] = fromEnv;
      source[key] = FISCAL_ENV[key];
    } else if (settings[key] !== undefined && settings[key] !== null) {
      raw[key] = settings[key];
      source[key] = `settings.fiscal.${key}`;
    }
  }
  const parsed = fiscalSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      config: null,
      problems: parsed.error.issues.map((issue) => {
        const key = String(issue.path[0] ?? '');
        return `${source[key] ?? `fiscal.${key}`} ${issue.message}, got ${JSON.stringify(raw[key])}`;
      }),
    };
  }
  const { journalFile } = parsed.data;
  return {
    config: {
      ...parsed.data,
      journalFile: isAbsolute(journalFile) ? journalFile : resolve(userDataDir, journalFile),
    },
    problems: [],
  };
}

/**
 * {@link resolveConfig} and {@link resolveFiscalConfig} together, every problem at once.
 * @throws PosConfigError listing every invalid value.
 */
export function resolveMainConfig(
  env: Record<string, string | undefined>,
  settings: PosSettings,
  userDataDir: string,
): MainConfig {
  const problems: string[] = [];
  let pos: PosConfig | null = null;
  try {
    pos = resolveConfig(env, settings);
  } catch (error) {
    if (!(error instanceof PosConfigError)) throw error;
    problems.push(...error.problems);
  }
  const fiscal = resolveFiscalConfig(env, settings.fiscal, userDataDir);
  problems.push(...fiscal.problems);
  if (!pos || !fiscal.config) throw new PosConfigError(problems);
  return { pos, fiscal: fiscal.config };
}

/** Reads the settings file; a missing file means "no settings yet", a malformed one is an error. */
export async function readSettings(file: string): Promise<PosSettings> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw error;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new PosConfigError([`${file} is not valid JSON`]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new PosConfigError([`${file} must hold a JSON object`]);
  }
  const record = parsed as Record<string, unknown>;
  const problems: string[] = [];
  const settings: PosSettings = {};
  for (const key of ['gatewayUrl', 'terminalId'] as const) {
    const value = record[key];
    if (value === undefined || value === null) continue;
    if (typeof value === 'string') settings[key] = value;
    else problems.push(`${file}: ${key} must be a string`);
  }
  const fiscal = record.fiscal;
  if (fiscal !== undefined && fiscal !== null) {
    if (typeof fiscal === 'object' && !Array.isArray(fiscal))
      settings.fiscal = fiscal as Record<string, unknown>;
    else problems.push(`${file}: fiscal must be an object`);
  }
  if (problems.length) throw new PosConfigError(problems);
  return settings;
}

/** Loads the renderer's configuration from the environment and the settings file. */
export async function loadConfig(options: {
  env?: Record<string, string | undefined>;
  settingsFile: string;
}): Promise<PosConfig> {
  return resolveConfig(options.env ?? process.env, await readSettings(options.settingsFile));
}

/** Loads the whole main-process configuration; relative paths resolve under `userDataDir`. */
export async function loadMainConfig(options: {
  env?: Record<string, string | undefined>;
  settingsFile: string;
  userDataDir: string;
}): Promise<MainConfig> {
  return resolveMainConfig(
    options.env ?? process.env,
    await readSettings(options.settingsFile),
    options.userDataDir,
  );
}
