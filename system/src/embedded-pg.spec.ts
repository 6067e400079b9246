import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmbeddedPostgres } from './embedded-pg.ts';

const isRoot = process.getuid?.() === 0;

describe('embedded PostgreSQL', () => {
  // mkdtemp makes a 0700 folder: the `postgres` OS user that initdb runs as (under root) cannot enter it.
  const closed = mkdtempSync(path.join(tmpdir(), 'jowi-closed-'));
  afterAll(() => rmSync(closed, { recursive: true, force: true }));

  it.skipIf(!isRoot)(
    'refuses a data folder the postgres OS user cannot enter, naming the folder and the fix',
    async () => {
      const attempt = startEmbeddedPostgres(path.join(closed, 'checkout', '.data'), 5499, false);
      await expect(attempt).rejects.toThrow(`cannot enter ${closed} (mode 700)`);
      await expect(attempt).rejects.toThrow(/chmod o\+x .*DATABASE_URL/s);
    },
  );
});
