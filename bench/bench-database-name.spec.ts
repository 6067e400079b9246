/**
 * Bench database names (issue 19): two runs never share a database, even from one process id on
 * one server, and `BENCH_DB_PREFIX` names whose a database is.
 */
import { expect, it } from 'vitest';
import { benchDatabaseName } from './lib/setup.ts';

it('gives every run its own database name, with the prefix in front', () => {
  const names = new Set(Array.from({ length: 50 }, () => benchDatabaseName('')));
  expect(names.size).toBe(50);
  const name = benchDatabaseName('cs_');
  expect(name).toMatch(new RegExp(`^cs_jowi_bench_${process.pid}_[0-9a-f]{6}$`));
});

it('refuses a prefix that is not a plain identifier part', () => {
  for (const bad of ['x; DROP DATABASE postgres', 'Upper', 'a-b', 'x'.repeat(21)]) {
    expect(() => benchDatabaseName(bad)).toThrow(/BENCH_DB_PREFIX/);
  }
});
