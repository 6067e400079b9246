/**
 * `npm run safelist` (issue 16, safelist mode per API key): `add` lists each file's document under
 * its SHA-256 — the hash the gateway checks (system/src/rate-limit-apq.spec.ts shows a listed key
 * refused anything else) — and stores its text for APQ; `show` and `clear` do what they say; a
 * file that is not GraphQL or a bad command changes nothing. Real Redis.
 */
import { createHash } from 'node:crypto';
import { createSafelistStore } from '@jowi/gateway';
import { createRedis, newId, type Redis } from '@jowi/server-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentOf, safelistCommand } from './safelist.ts';

const redisUrl = process.env.JOWI_TEST_REDIS_URL;
let redis: Redis;
const prefix = `jowi:safelist-spec-${process.pid}:`;
const files: Record<string, string> = {
  'day-sales.graphql':
    'query DaySales($day: Date!) { sales(first: 100, filter: { dateFrom: $day, dateTo: $day }) { edges { node { id } } } }\n',
  'products.graphql': '{ products(first: 50) { edges { node { id name } } } }',
  'broken.graphql': '{ products(first: 50) { ',
};
const read = (path: string) => {
  const text = files[path];
  if (text === undefined) throw new Error(`no file ${path}`);
  return text;
};
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

beforeAll(async () => {
  if (!redisUrl) return;
  redis = createRedis(redisUrl)!;
  await new Promise((resolve) => redis.once('ready', resolve));
});
afterAll(async () => {
  if (!redisUrl) return;
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length) await redis.del(...keys);
  redis.disconnect();
});

describe.skipIf(!redisUrl)('npm run safelist', () => {
  it('adds each file under the hash of the text a client sends, then shows and clears the list', async () => {
    const key = newId();
    const day = files['day-sales.graphql']!.trimEnd();
    const out = await safelistCommand(
      ['add', key, 'day-sales.graphql', 'products.graphql'],
      redis,
      prefix,
      read,
    );
    expect(out).toEqual([
      `${sha(day)}  day-sales.graphql`,
      `${sha(files['products.graphql']!)}  products.graphql`,
    ]);
    // The gateway's own store sees the key in safelist mode, and APQ finds the text by its hash.
    const hashes = await createSafelistStore(redis, prefix).hashesOf(key);
    expect([...(hashes ?? [])].sort()).toEqual([sha(day), sha(files['products.graphql']!)].sort());
    expect(await redis.get(`${prefix}apq:${sha(day)}`)).toBe(day);
    expect(await safelistCommand(['show', key], redis, prefix, read)).toEqual([...hashes!].sort());

    expect(await safelistCommand(['clear', key], redis, prefix, read)).toEqual([
      `${key}: safelist mode ended`,
    ]);
    expect(await safelistCommand(['show', key], redis, prefix, read)).toEqual([
      `${key} is not in safelist mode`,
    ]);
  });

  it('refuses a file that is not GraphQL, and bad commands, storing nothing', async () => {
    const key = newId();
    await expect(
      safelistCommand(['add', key, 'products.graphql', 'broken.graphql'], redis, prefix, read),
    ).rejects.toThrow(/Syntax Error/);
    expect(await redis.scard(`${prefix}safelist:${key}`)).toBe(0);
    await expect(safelistCommand(['add', key], redis, prefix, read)).rejects.toThrow(/usage/);
    await expect(safelistCommand(['drop', key], redis, prefix, read)).rejects.toThrow(/usage/);
    await expect(safelistCommand(['show', 'a key'], redis, prefix, read)).rejects.toThrow(/usage/);
  });

  it('keeps the document as sent: only a trailing newline is dropped', () => {
    expect(documentOf('{ me { id } }\n')).toBe('{ me { id } }');
    expect(documentOf('{ me {\n  id\n} }')).toBe('{ me {\n  id\n} }');
  });
});
