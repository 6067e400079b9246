/**
 * `npm run safelist -- <command>`: puts an integrator's API key in safelist mode, where it may run
 * only the listed operations (docs/api.md, "Persisted queries"). The lists live in Redis, where
 * every gateway process reads them (each rereads a key's list at most every 10 s).
 *
 *   npm run safelist -- add <keyId> <file.graphql>…   list each file's document (switches the key to safelist mode)
 *   npm run safelist -- show <keyId>                  the hashes a key may run (or "not in safelist mode")
 *   npm run safelist -- clear <keyId>                 end safelist mode: the key runs anything its scopes allow
 *
 * A file holds one document exactly as the integrator's client sends it; only a trailing newline
 * is dropped. The hash is the SHA-256 of that text, as in APQ's `sha256Hash`. `REDIS_URL` and
 * `DATABASE_URL` are the gateway's own (the database names the deployment's Redis key prefix).
 * The key id is the `id` of `createApiKey`'s `apiKey`, not its secret.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { createSafelistStore, redisPrefix } from '@jowi/gateway';
import { createRedis, type Redis } from '@jowi/server-kit';
import { parse } from 'graphql';

const USAGE = 'usage: npm run safelist -- add <keyId> <file.graphql>… | show <keyId> | clear <keyId>';

/** The document of one file, as the client sends it (a trailing newline is not part of it). */
export function documentOf(text: string): string {
  const document = text.replace(/\r?\n$/, '');
  parse(document); // refuse a file that is not GraphQL before anything is stored
  return document;
}

/** Runs one command; returns the lines to print. Throws with the usage on bad arguments. */
export async function safelistCommand(
  args: readonly string[],
  redis: Redis,
  prefix: string,
  readFile: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): Promise<string[]> {
  const [command, keyId, ...files] = args;
  if (!keyId || !/^[\w-]+$/.test(keyId)) throw new Error(USAGE);
  const store = createSafelistStore(redis, prefix);
  if (command === 'add' && files.length > 0) {
    const documents = files.map((file) => documentOf(readFile(file)));
    const hashes = await store.add(keyId, documents);
    return files.map((file, i) => `${hashes[i]}  ${file}`);
  }
  if (command === 'show' && files.length === 0) {
    const hashes = await store.hashesOf(keyId);
    return hashes ? [...hashes].sort() : [`${keyId} is not in safelist mode`];
  }
  if (command === 'clear' && files.length === 0) {
    await store.clear(keyId);
    return [`${keyId}: safelist mode ended`];
  }
  throw new Error(USAGE);
}

async function main(): Promise<number> {
  const redis = createRedis(process.env.REDIS_URL);
  if (!redis) {
    console.error('REDIS_URL is not set: safelists live in Redis (without it the gateway has none)');
    return 78;
  }
  try {
    await new Promise<void>((resolve, reject) => {
      redis.once('ready', resolve);
      redis.once('error', reject);
    });
    const prefix = redisPrefix(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/jowi');
    for (const line of await safelistCommand(process.argv.slice(2), redis, prefix)) console.log(line);
    return 0;
  } catch (error) {
    console.error((error as Error).message);
    return 2;
  } finally {
    redis.disconnect();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
