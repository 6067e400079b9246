import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_URL } from '../shared/pos-api.ts';
import { loadConfig, PosConfigError, resolveConfig } from './config.ts';

const TERMINAL = '0190f3a4-0000-7000-8000-000000000001';

describe('POS main-process config', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'jowi-pos-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('defaults to the local gateway and no terminal', () => {
    expect(resolveConfig({})).toEqual({ gatewayUrl: DEFAULT_GATEWAY_URL, terminalId: null });
  });

  it('prefers the environment over the settings file', () => {
    const config = resolveConfig(
      { JOWI_GATEWAY_URL: 'https://pos.example.uz/graphql' },
      { gatewayUrl: 'http://10.0.0.5:4000/graphql', terminalId: TERMINAL },
    );
    expect(config).toEqual({ gatewayUrl: 'https://pos.example.uz/graphql', terminalId: TERMINAL });
  });

  it('reports every invalid value at once', () => {
    try {
      resolveConfig({ JOWI_GATEWAY_URL: 'ftp://nope', JOWI_TERMINAL_ID: 'till-1' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(PosConfigError);
      expect((error as PosConfigError).problems).toHaveLength(2);
    }
  });

  it('reads the settings file and treats a missing one as empty', async () => {
    const file = join(dir, 'settings.json');
    expect(await loadConfig({ env: {}, settingsFile: file })).toEqual({
      gatewayUrl: DEFAULT_GATEWAY_URL,
      terminalId: null,
    });
    await writeFile(
      file,
      JSON.stringify({ gatewayUrl: 'http://10.0.0.5:4000/graphql', terminalId: TERMINAL }),
    );
    expect(await loadConfig({ env: {}, settingsFile: file })).toEqual({
      gatewayUrl: 'http://10.0.0.5:4000/graphql',
      terminalId: TERMINAL,
    });
  });

  it('rejects a malformed settings file', async () => {
    const file = join(dir, 'broken.json');
    await writeFile(file, '{ not json');
    await expect(loadConfig({ env: {}, settingsFile: file })).rejects.toBeInstanceOf(PosConfigError);
    await writeFile(file, JSON.stringify({ terminalId: 42 }));
    await expect(loadConfig({ env: {}, settingsFile: file })).rejects.toThrow(/terminalId must be a string/);
  });
});
