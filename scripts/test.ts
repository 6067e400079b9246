/**
 * `npm test`: finds PostgreSQL (DATABASE_URL, else 127.0.0.1:5432, else an embedded one it
 * starts itself), checks Redis and Chromium, then runs the whole vitest suite.
 * Suites needing a missing Redis or Chromium are skipped with a loud notice — except with
 * CI=true, where a missing service fails the run.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import {
  type EmbeddedServer,
  findChromium,
  postgresReachable,
  startEmbeddedPostgres,
  tcpReachable,
} from '@jowi/system/infra';
import pg from 'pg';

const ci = process.env.CI === 'true' || process.env.CI === '1';
// APOLLO_TELEMETRY_DISABLED: no phoning home from @apollo/gateway in any test process.
const env: Record<string, string | undefined> = {
  ...process.env,
  NODE_ENV: 'test',
  APOLLO_TELEMETRY_DISABLED: 'true',
};
let embedded: EmbeddedServer | null = null;

const loud = (lines: string[]) => {
  const bar = '!'.repeat(78);
  console.warn(`\n${bar}\n${lines.map((l) => `!! ${l}`).join('\n')}\n${bar}\n`);
};

async function main(): Promise<number> {
  const candidate = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (await postgresReachable(candidate)) {
    env.JOWI_TEST_ADMIN_URL = candidate;
    console.log(`PostgreSQL: ${new URL(candidate).host}`);
  } else if (process.env.DATABASE_URL) {
    console.error(`DATABASE_URL is set but PostgreSQL does not answer there (${new URL(candidate).host}).`);
    return 1;
  } else {
    console.log('PostgreSQL: none on 127.0.0.1:5432, starting an embedded one under .data/test-pg …');
    embedded = await startEmbeddedPostgres('.data/test-pg', 5434, false);
    env.JOWI_TEST_ADMIN_URL = embedded.adminUrl;
    env.JOWI_TEST_ROLE_PASSWORD = 'jowi-test-only';
  }

  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const redisHost = new URL(redisUrl);
  if (await tcpReachable(redisHost.hostname, Number(redisHost.port || 6379))) {
    env.JOWI_TEST_REDIS_URL = redisUrl;
    console.log(`Redis: ${redisHost.host}`);
  } else if (ci) {
    console.error(`CI=true and Redis is not reachable at ${redisHost.host}: failing.`);
    return 1;
  } else {
    loud([
      `Redis is not reachable at ${redisHost.host}: suites that need Redis are SKIPPED.`,
      'Get it: apt-get install -y redis-server && redis-server --daemonize yes --save "" --appendonly no',
    ]);
  }

  const chromium = findChromium();
  if (chromium) {
    env.JOWI_TEST_CHROMIUM = chromium;
    console.log(`Chromium: ${chromium}`);
  } else if (ci) {
    console.error('CI=true and Chromium is missing: failing. Install it with apt-get install -y chromium.');
    return 1;
  } else {
    loud([
      'Chromium is missing: browser suites are SKIPPED.',
      'Get it: apt-get install -y chromium (or set CHROMIUM_PATH)',
    ]);
  }

  // One migrated template database per set of migrations for this run (server-kit testing).
  env.JOWI_TEST_TEMPLATE_RUN = String(process.pid);
  templatesOf = env.JOWI_TEST_ADMIN_URL;
  await dropTemplates(templatesOf, (pid) => pid === process.pid || !processAlive(pid));

  mkdirSync('.data', { recursive: true });
  const report = `.data/test-report-${process.pid}.json`;
  const args = [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ];
  const child = spawn('npx', args, { stdio: 'inherit', env });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  const code = await new Promise<number>((resolve) => child.on('exit', (c) => resolve(c ?? 1)));
  printSummary(report);
  return code;
}

let templatesOf: string | undefined;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Drops the template databases of the test runs `which` picks (by the pid in their name). */
async function dropTemplates(adminUrl: string | undefined, which: (pid: number) => boolean): Promise<void> {
  if (!adminUrl) return;
  const client = new pg.Client({ connectionString: adminUrl });
  try {
    await client.connect();
    const { rows } = await client.query<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname LIKE 'jowi\\_tpl\\_%'`,
    );
    for (const { datname } of rows) {
      const pid = Number(/^jowi_tpl_(\d+)_/.exec(datname)?.[1]);
      if (Number.isInteger(pid) && pid > 0 && which(pid))
        await client.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    }
  } catch (error) {
    console.warn(`could not drop test template databases: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** One plain closing line for CI logs: "tests: N passed, N failed, N skipped". */
function printSummary(file: string): void {
  if (!existsSync(file)) return;
  const r = JSON.parse(readFileSync(file, 'utf8')) as {
    numPassedTests: number;
    numFailedTests: number;
    numPendingTests: number;
    numTodoTests: number;
  };
  rmSync(file, { force: true });
  console.log(
    `\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`,
  );
}

main()
  .then(async (code) => {
    await dropTemplates(templatesOf, (pid) => pid === process.pid);
    await embedded?.stop();
    process.exit(code);
  })
  .catch(async (error) => {
    console.error(error);
    await embedded?.stop();
    process.exit(1);
  });
