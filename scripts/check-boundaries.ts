/**
 * Import boundaries, checked by `npm run lint` (Biome cannot resolve where a relative path lands).
 *
 * - A subgraph imports no other subgraph and no application (gateway, system, pos-desktop,
 *   web-admin): cross-domain effects go through events or federation (ARCHITECTURE §3).
 * - A package under `packages/` imports no subgraph and no application: packages are libraries.
 * - The gateway and the two front ends import packages, not subgraphs.
 * - `system/` composes every service into one process (npm start, cross-service tests) and may
 *   import anything, like `scripts/`, `bench/` and `tools/`; test harnesses elsewhere (spec
 *   files, `e2e/` folders) may import `@jowi/system/testing`.
 *
 * Every import specifier of every `.ts`/`.tsx` file (static `import`/`export … from` and
 * `import('…')` with a literal) is resolved to the workspace it lands in and checked.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = resolve(dirname(new URL(import.meta.url).pathname), '..');

/** A workspace of the repository, by folder. */
interface Area {
  folder: string;
  kind: 'package' | 'subgraph' | 'app' | 'tooling';
}

const APPS = ['gateway', 'pos-desktop', 'web-admin'];
/** May import anything: `system` composes every service into one process, the rest are tools. */
const TOOLING = ['system', 'scripts', 'bench', 'tools', 'examples'];

function areaOf(path: string): Area | null {
  const parts = relative(ROOT, path).split(sep);
  if (parts[0] === 'packages' && parts[1]) return { folder: `packages/${parts[1]}`, kind: 'package' };
  if (parts[0] === 'subgraphs' && parts[1]) return { folder: `subgraphs/${parts[1]}`, kind: 'subgraph' };
  if (parts[0] && APPS.includes(parts[0])) return { folder: parts[0], kind: 'app' };
  if (parts[0] && TOOLING.includes(parts[0])) return { folder: parts[0], kind: 'tooling' };
  return null;
}

/** `@jowi/<name>` → the workspace folder it names, from each workspace's package.json. */
function packageFolders(): Map<string, string> {
  const map = new Map<string, string>();
  const candidates = [
    ...['packages', 'subgraphs'].flatMap((group) =>
      readdirSync(join(ROOT, group), { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => `${group}/${d.name}`),
    ),
    ...APPS,
    'system',
  ];
  for (const folder of candidates) {
    try {
      const pkg = JSON.parse(readFileSync(join(ROOT, folder, 'package.json'), 'utf8')) as { name?: string };
      if (pkg.name) map.set(pkg.name, folder);
    } catch {
      // a folder without package.json is not a workspace
    }
  }
  return map;
}

function* sourceFiles(folder: string): Generator<string> {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    if (['node_modules', '__generated__', '.next', 'out', 'dist', '.data'].includes(entry.name)) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) yield path;
  }
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([^'"]+)['"]/g;

export interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

/** Checks one file's imports; `source` is its text. */
export function checkFile(file: string, source: string, folders = packageFolders()): Violation[] {
  const from = areaOf(file);
  if (!from || from.kind === 'tooling') return [];
  const isTestHarness = /\.spec\.tsx?$/.test(file) || file.split(sep).includes('e2e');
  const violations: Violation[] = [];
  for (const match of source.matchAll(SPECIFIER)) {
    const specifier = match[1]!;
    let target: Area | null = null;
    if (specifier.startsWith('.')) {
      target = areaOf(resolve(dirname(file), specifier));
    } else if (specifier.startsWith('@jowi/')) {
      const [scope, name] = specifier.split('/');
      const folder = folders.get(`${scope}/${name}`);
      target = folder ? areaOf(join(ROOT, folder)) : null;
      if (isTestHarness && specifier === '@jowi/system/testing') continue;
    }
    if (!target || target.folder === from.folder || target.kind === 'package') continue;
    const reason =
      from.kind === 'subgraph'
        ? `a subgraph must not import ${target.folder} (use events or federation)`
        : from.kind === 'package'
          ? `a package must not import ${target.folder} (packages are libraries)`
          : `${from.folder} must not import ${target.folder}`;
    violations.push({ file: relative(ROOT, file), specifier, reason });
  }
  return violations;
}

function main(): number {
  const folders = packageFolders();
  const roots = ['packages', 'subgraphs', ...APPS].map((f) => join(ROOT, f));
  const violations: Violation[] = [];
  for (const root of roots) {
    for (const file of sourceFiles(root))
      violations.push(...checkFile(file, readFileSync(file, 'utf8'), folders));
  }
  for (const v of violations) console.error(`${v.file}: import '${v.specifier}': ${v.reason}`);
  if (violations.length > 0) {
    console.error(`\n${violations.length} import boundary violation(s).`);
    return 1;
  }
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(new URL(import.meta.url).pathname)) {
  process.exitCode = main();
}
