/**
 * The installer configuration (electron-builder.yml), validated the way electron-builder itself
 * validates it before packaging — packaging cannot run here (no Electron binary, no network) — and
 * checked for what the till needs: Windows NSIS x64, Linux AppImage, native modules rebuilt for
 * Electron and kept outside the asar archive, the update feed. Plus the run-time update settings.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { describe, expect, it } from 'vitest';
import viteConfig from '../../electron.vite.config.ts';
import { defaultWriterEntry } from './catalog/catalog-writer.ts';
import { resolveUpdateConfig } from './update-config.ts';

/** electron-builder's debug log, off (validation only writes to it when enabled). */
const quiet = { isEnabled: false, add: () => {} } as unknown as Parameters<typeof validateConfiguration>[1];

const POS_DIR = fileURLToPath(new URL('../..', import.meta.url));
const pkg = JSON.parse(readFileSync(`${POS_DIR}package.json`, 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('electron-builder configuration', () => {
  it('passes electron-builder validation and targets NSIS x64 and AppImage', async () => {
    const config = await getConfig(POS_DIR, null, null);
    await expect(validateConfiguration(config, quiet)).resolves.toBeUndefined();
    // The same validation refuses a misspelt key (so the check above means something).
    await expect(validateConfiguration({ ...config, nsiss: {} } as typeof config, quiet)).rejects.toThrow(
      /nsiss/,
    );
    expect(config.appId).toBe('uz.jowi.pos');
    expect(config.win?.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.linux?.target).toEqual([{ target: 'AppImage', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, allowToChangeInstallationDirectory: true });
  });

  it('rebuilds the native store for Electron and ships it outside the archive', async () => {
    const config = await getConfig(POS_DIR, null, null);
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toContain('**/node_modules/better-sqlite3/**');
    // What electron-builder rebuilds and ships are the app's production dependencies.
    expect(pkg.dependencies['better-sqlite3']).toBeDefined();
    expect(pkg.dependencies['electron-updater']).toBeDefined();
    expect(pkg.devDependencies.electron).toMatch(/^\d+\.\d+\.\d+$/);
    // The packaged entry point is electron-vite's output, which `files` includes.
    expect(pkg.main).toBe('out/main/index.js');
    expect(config.files).toEqual([{ filter: ['out/**/*', 'package.json'] }]);
  });

  it('bundles every workspace package the main process imports at run time (their entry points are TypeScript)', () => {
    // electron-vite leaves `dependencies` as run-time imports; a packaged Electron cannot load a
    // workspace package's `src/index.ts`, so each one the main process imports must be excluded.
    const config = readFileSync(`${POS_DIR}electron.vite.config.ts`, 'utf8');
    const excluded = [...(config.match(/exclude: \[([^\]]*)\]/)?.[1] ?? '').matchAll(/'([^']+)'/g)].map(
      (m) => m[1],
    );
    const imported = new Set<string>();
    for (const file of readdirSync(`${POS_DIR}src/main`, { recursive: true, encoding: 'utf8' })) {
      if (!file.endsWith('.ts') || file.endsWith('.spec.ts')) continue;
      for (const m of readFileSync(`${POS_DIR}src/main/${file}`, 'utf8').matchAll(
        /from '(@jowi\/[a-z-]+)/g,
      )) {
        if (!m[1]!.startsWith('@jowi/pos')) imported.add(m[1]!);
      }
    }
    expect(imported.size).toBeGreaterThan(0);
    for (const name of imported) {
      if (name in pkg.dependencies) expect(excluded, `${name} is left as a run-time import`).toContain(name);
      else expect(pkg.devDependencies, `${name} is not declared`).toHaveProperty([name]);
    }
  });

  it("builds the catalog's writer thread as an entry of its own, where the main process looks for it", () => {
    const { main } = viteConfig as unknown as {
      main: { build: { rolldownOptions: { input: Record<string, string>; output: Record<string, string> } } };
    };
    const build = main.build.rolldownOptions;
    // The source the worker is built from is the one the host starts from source.
    const source = defaultWriterEntry(new URL('./catalog/catalog-writer.ts', import.meta.url).href);
    expect(`${POS_DIR}${build.input['catalog-writer-worker']}`).toBe(fileURLToPath(source));
    expect(readFileSync(source, 'utf8')).toContain('parentPort');
    // Entries and shared chunks are written side by side: from any of them (out/main/*.js) the
    // host finds `catalog-writer-worker.js`, which `files` ships (out/**).
    expect(build.output).toEqual({ entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js' });
    expect(defaultWriterEntry('file:///app/out/main/catalog-store-a1b2c3.js').href).toBe(
      'file:///app/out/main/catalog-writer-worker.js',
    );
    expect(`${POS_DIR}${build.input.index}`).toBe(fileURLToPath(new URL('./index.ts', import.meta.url)));
  });

  it('publishes to a configurable generic update feed', async () => {
    const config = await getConfig(POS_DIR, null, null);
    // electron-builder's own macro (not a JS template): the URL is taken from the build's environment.
    const feedMacro = ['$', '{env.JOWI_UPDATE_URL}'].join('');
    expect(config.publish).toEqual({ provider: 'generic', url: feedMacro, channel: 'latest' });
  });

  it('reads the update feed from the environment, refusing a malformed one', () => {
    expect(resolveUpdateConfig({})).toMatchObject({ feedUrl: null, channel: 'latest' });
    expect(
      resolveUpdateConfig({ JOWI_UPDATE_URL: 'https://updates.jowi.uz/pos', JOWI_UPDATE_CHANNEL: 'beta' }),
    ).toMatchObject({ feedUrl: 'https://updates.jowi.uz/pos', channel: 'beta' });
    expect(() => resolveUpdateConfig({ JOWI_UPDATE_URL: 'ftp://x', JOWI_UPDATE_CHANNEL: 'nightly' })).toThrow(
      /http\(s\) URL.*latest or beta/,
    );
  });
});
