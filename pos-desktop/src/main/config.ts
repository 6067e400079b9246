/**
 * POS configuration for the main process.
 *
 * Sources, highest priority first: environment variables (`JOWI_GATEWAY_URL`,
 * `JOWI_TERMINAL_ID`), the `settings.json` file in the app's user-data folder (written when a
 * terminal is paired), then defaults. Every problem is reported at once so a misconfigured
 * till shows one clear message instead of failing on the first field.
 *
 * The module has no Electron imports, so it is tested with plain vitest.
 */
import { readFile } from 'node:fs/promises';
import { DEFAULT_GATEWAY_URL, type PosConfig } from '../shared/pos-api.ts';

/** The settings file's shape; every field is optional. */
export interface PosSettings {
  gatewayUrl?: string;
  terminalId?: string;
}

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
  if (problems.length) throw new PosConfigError(problems);
  return settings;
}

/** Loads the configuration from the environment and the settings file. */
export async function loadConfig(options: {
  env?: Record<string, string | undefined>;
  settingsFile: string;
}): Promise<PosConfig> {
  return resolveConfig(options.env ?? process.env, await readSettings(options.settingsFile));
}
