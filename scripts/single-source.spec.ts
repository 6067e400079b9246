/**
 * Rules written once (issue 13 §4): the permission wildcard lives in server-kit's
 * `permissions.ts` and the constraint-violation test in its `write.ts`. Both were copied per
 * subgraph and front end before, with differing rules (the admin's guard missed the wildcard);
 * this spec scans every tracked source file so a new copy fails the suite instead of drifting.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');

const sources = execFileSync('git', ['ls-files', '*.ts', '*.tsx'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((path) => path && !path.includes('__generated__') && !/\.spec\.tsx?$/.test(path));

/** `path:line` of every line of a tracked source file (outside `allowed`) that matches `pattern`. */
function placesOf(pattern: RegExp, allowed: string): string[] {
  const places: string[] = [];
  for (const path of sources) {
    if (path === allowed) continue;
    const lines = readFileSync(join(ROOT, path), 'utf8').split('\n');
    lines.forEach((line, i) => {
      if (pattern.test(line)) places.push(`${path}:${i + 1}`);
    });
  }
  return places;
}

describe('rules written once', () => {
  it('finds the tracked sources (the scan itself works)', () => {
    expect(sources).toContain('packages/server-kit/src/permissions.ts');
    expect(placesOf(/export function hasPermission\(/, '')).toEqual([
      'packages/server-kit/src/permissions.ts:17',
    ]);
  });

  it('has one permission wildcard check — every other place calls hasPermission', () => {
    // A list of permissions (held, granted, scopes…) asked for the wildcard; a phone mask's '*' is no copy.
    const wildcard = /\b(\w*(perm|held|grant|scope)\w*|p)\s*\.\s*(includes|has)\(\s*['"]\*['"]\s*\)/i;
    expect(placesOf(wildcard, 'packages/server-kit/src/permissions.ts')).toEqual([]);
  });

  it('has one test for a unique (or other constraint) violation — in the write kit', () => {
    const copy = /function isUniqueViolation|const isUniqueViolation|['"]235\d\d['"]/;
    expect(placesOf(copy, 'packages/server-kit/src/write.ts')).toEqual([]);
  });
});
