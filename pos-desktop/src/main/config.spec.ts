import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GATEWAY_URL } from '../shared/pos-api.ts';
import {
  DEFAULT_FISCAL_DEVICE_URL,
  loadConfig,
  loadMainConfig,
  PosConfigError,
  resolveConfig,
  resolveMainConfig,
} from './config.ts';

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

  describe('fiscal block', () => {
    const userData = '/home/cashier/.config/jowi-pos';

    it('defaults to local mode, the Communicator on this machine, port 4010, a journal in userData', () => {
      expect(resolveMainConfig({}, {}, userData).fiscal).toEqual({
        mode: 'local',
        deviceUrl: DEFAULT_FISCAL_DEVICE_URL,
        port: 4010,
        journalFile: join(userData, 'fiscal-journal.jsonl'),
      });
      expect(DEFAULT_FISCAL_DEVICE_URL).toBe('http://127.0.0.1:3448/rpc/api');
    });

    it('takes settings.fiscal, overridden field by field by JOWI_FISCAL_*', () => {
      const config = resolveMainConfig(
        { JOWI_FISCAL_MODE: 'off', JOWI_FISCAL_PORT: '4111' },
        { fiscal: { mode: 'central', deviceUrl: 'http://10.0.0.7:3448/rpc/api', journalFile: 'fm/j.jsonl' } },
        userData,
      );
      expect(config.fiscal).toEqual({
        mode: 'off',
        deviceUrl: 'http://10.0.0.7:3448/rpc/api',
        port: 4111,
        journalFile: join(userData, 'fm/j.jsonl'),
      });
      expect(config.pos).toEqual({ gatewayUrl: DEFAULT_GATEWAY_URL, terminalId: null });
    });

    it('reports fiscal and other problems together, naming where each value came from', () => {
      try {
        resolveMainConfig(
          { JOWI_TERMINAL_ID: 'till-1', JOWI_FISCAL_MODE: 'virtual' },
          { fiscal: { deviceUrl: 'ftp://fm', port: 70_000 } },
          userData,
        );
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(PosConfigError);
        const problems = (error as PosConfigError).problems;
        expect(problems).toHaveLength(4);
        expect(problems.join('\n')).toMatch(/JOWI_TERMINAL_ID/);
        expect(problems.join('\n')).toMatch(/JOWI_FISCAL_MODE/);
        expect(problems.join('\n')).toMatch(/settings\.fiscal\.deviceUrl/);
        expect(problems.join('\n')).toMatch(/settings\.fiscal\.port/);
      }
    });

    it('reads the fiscal block from the settings file', async () => {
      const file = join(dir, 'fiscal-settings.json');
      await writeFile(
        file,
        JSON.stringify({ fiscal: { mode: 'off', journalFile: '/var/jowi/journal.jsonl' } }),
      );
      const config = await loadMainConfig({ env: {}, settingsFile: file, userDataDir: dir });
      expect(config.fiscal).toMatchObject({
        mode: 'off',
        port: 4010,
        journalFile: '/var/jowi/journal.jsonl',
      });
      await writeFile(file, JSON.stringify({ fiscal: 'local' }));
      await expect(loadMainConfig({ env: {}, settingsFile: file, userDataDir: dir })).rejects.toThrow(
        /fiscal must be an object/,
      );
    });
  });
});
