/**
 * Issue 15: product imports as jobs — a file uploaded in parts, a dry run that writes nothing and
 * keeps each refused row with its cells, an apply that runs once however often it is asked, and
 * a run whose instance died taken over after it went stale.
 */
import { newId } from '@jowi/server-kit';
import { describe, expect, it } from 'vitest';
import {
  as,
  fixture,
  type Gql,
  gqlError,
  IKPU,
  type Json,
  READ,
  useCatalogFixture,
  WRITE,
} from './catalog.fixtures.ts';

useCatalogFixture();

const JOB = `id status partCount partsReceived header total processed created updated unchanged failed
  error { code message }`;
const START = `mutation($input: StartProductImportInput!) { startProductImport(input: $input) {
  productImport { ${JOB} } errors { code field } } }`;
const PART = `mutation($input: UploadProductImportPartInput!) { uploadProductImportPart(input: $input) {
  productImport { partsReceived } errors { code field } } }`;
const RUN = `mutation($input: RunProductImportInput!) { runProductImport(input: $input) {
  productImport { ${JOB} } errors { code field } } }`;
const STATUS = `query($id: ID!, $first: Int, $after: Int) { productImport(id: $id) { ${JOB}
  rowErrors(first: $first, after: $after) { row code field message cells } } }`;

const HEADER = 'sku,name,price,vat_rate,ikpu,package_code';
/** `count` good rows, with one bad IKPU at data row `bad` (file row bad + 2). */
function csv(count: number, bad: number, prefix = 'JOB'): string {
  const lines = [HEADER];
  for (let i = 0; i < count; i++) {
    const ikpu = i === bad ? '123' : IKPU;
    lines.push(`${prefix}-${i},Oʻrik ${i},${1000 + i},12,${ikpu},2009`);
  }
  return `${lines.join('\n')}\n`;
}

/** Splits bytes into `n` base64 parts, cutting through lines and multi-byte letters. */
function parts(file: Buffer, n: number): string[] {
  const size = Math.ceil(file.length / n);
  return Array.from({ length: n }, (_, i) => file.subarray(i * size, (i + 1) * size).toString('base64'));
}

async function poll(gql: Gql, id: string, until: string[]): Promise<Json> {
  for (;;) {
    const job: Json = (await gql(STATUS, { id, first: 1000 })).productImport;
    if (until.includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function upload(gql: Gql, file: Buffer, n: number, format = 'CSV'): Promise<string> {
  const id = newId();
  const started: Json = (await gql(START, { input: { id, format, partCount: n, fileName: 'prices.csv' } }))
    .startProductImport;
  expect(started.errors).toEqual([]);
  for (const [part, data] of parts(file, n).entries()) {
    const sent: Json = (await gql(PART, { input: { jobId: id, part, data } })).uploadProductImportPart;
    expect(sent.errors).toEqual([]);
  }
  return id;
}

const productCount = async (tenant: string, prefix: string) =>
  (
    await fixture.db.admin<{ n: number }>(
      `SELECT count(*)::int AS n FROM catalog.product WHERE tenant_id = $1 AND sku LIKE $2`,
      [tenant, `${prefix}-%`],
    )
  )[0]!.n;

describe('product import jobs', () => {
  it('joins the parts, dry-runs without writing, applies once, and reports the bad row with its cells', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    const file = Buffer.from(csv(2500, 1700));
    const id = newId();
    const start = { id, format: 'CSV', partCount: 3, fileName: 'prices.csv' };
    expect((await gql(START, { input: start })).startProductImport.productImport.status).toBe('UPLOADING');
    // A retried start finds the same job; the same id with another shape is refused.
    expect((await gql(START, { input: start })).startProductImport.productImport.id).toBe(id);
    expect((await gql(START, { input: { ...start, partCount: 4 } })).startProductImport.errors[0].code).toBe(
      'IMPORT_JOB_CONFLICT',
    );

    const [p0, p1, p2] = parts(file, 3);
    await gql(PART, { input: { jobId: id, part: 0, data: p0 } });
    await gql(PART, { input: { jobId: id, part: 2, data: p2 } });
    const early: Json = (await gql(RUN, { input: { jobId: id, dryRun: true } })).runProductImport;
    expect(early.errors.map((e: Json) => e.code)).toEqual(['IMPORT_INCOMPLETE']);
    await gql(PART, { input: { jobId: id, part: 1, data: p1 } });
    // The same part again is harmless; other bytes for it are refused.
    const again: Json = (await gql(PART, { input: { jobId: id, part: 1, data: p1 } }))
      .uploadProductImportPart;
    expect(again).toEqual({ productImport: { partsReceived: 3 }, errors: [] });
    const other: Json = (await gql(PART, { input: { jobId: id, part: 1, data: p0 } }))
      .uploadProductImportPart;
    expect(other.errors[0].code).toBe('IMPORT_JOB_CONFLICT');

    const dry: Json = (await gql(RUN, { input: { jobId: id, dryRun: true } })).runProductImport;
    expect(dry.errors).toEqual([]);
    expect(dry.productImport.status).toBe('VALIDATING');
    const checked = await poll(gql, id, ['VALIDATED', 'FAILED']);
    expect(checked).toMatchObject({
      status: 'VALIDATED',
      total: 2500,
      processed: 2500,
      created: 2499,
      failed: 1,
    });
    expect(checked.header).toEqual(HEADER.split(','));
    expect(checked.rowErrors).toEqual([
      {
        row: 1702,
        code: 'INVALID_IKPU',
        field: ['row', '1702', 'ikpu'],
        message: expect.any(String),
        cells: ['JOB-1700', 'Oʻrik 1700', '2700', '12', '123', '2009'],
      },
    ]);
    expect(await productCount(tenant, 'JOB')).toBe(0);

    const apply: Json = (await gql(RUN, { input: { jobId: id, dryRun: false } })).runProductImport;
    expect(apply.productImport.status).toBe('APPLYING');
    // Asked again while it runs (a retry after a lost response): the same run, nothing started.
    const retried: Json = (await gql(RUN, { input: { jobId: id, dryRun: false } })).runProductImport;
    expect(retried.errors).toEqual([]);
    const applied = await poll(gql, id, ['APPLIED', 'FAILED']);
    expect(applied).toMatchObject({ status: 'APPLIED', processed: 2500, created: 2499, failed: 1 });
    expect(await productCount(tenant, 'JOB')).toBe(2499);
    const history = await fixture.db.admin<{ n: number }>(
      'SELECT count(*)::int AS n FROM catalog.price_history WHERE tenant_id = $1',
      [tenant],
    );
    expect(history[0]!.n).toBe(2499);

    const reapply: Json = (await gql(RUN, { input: { jobId: id, dryRun: false } })).runProductImport;
    expect(reapply.productImport).toMatchObject({ status: 'APPLIED', created: 2499 });
    const dryAfter: Json = (await gql(RUN, { input: { jobId: id, dryRun: true } })).runProductImport;
    expect(dryAfter.errors[0].code).toBe('IMPORT_JOB_CONFLICT');
    const late: Json = (await gql(PART, { input: { jobId: id, part: 0, data: p1 } })).uploadProductImportPart;
    expect(late.errors[0].code).toBe('IMPORT_JOB_CONFLICT');
  });

  it('pages row errors by row, and a second file of the same rows changes nothing', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    const text = `${HEADER}\nPG-1,A,1,12,1,2009\nPG-2,B,x,15,${IKPU},2009\nPG-3,C,3,12,${IKPU},2009\nPG-4,D,4,12,${IKPU},\n`;
    const id = await upload(gql, Buffer.from(text), 1);
    await gql(RUN, { input: { jobId: id, dryRun: false } });
    await poll(gql, id, ['APPLIED']);
    const page1: Json = (await gql(STATUS, { id, first: 2 })).productImport.rowErrors;
    // Row 3 has two problems; a page never splits a row.
    expect(page1.map((e: Json) => [e.row, e.code])).toEqual([
      [2, 'INVALID_IKPU'],
      [3, 'INVALID_PRICE'],
      [3, 'INVALID_VAT_RATE'],
    ]);
    const page2: Json = (await gql(STATUS, { id, first: 2, after: 3 })).productImport.rowErrors;
    expect(page2.map((e: Json) => [e.row, e.code])).toEqual([[5, 'INVALID_PACKAGE_CODE']]);

    const second = await upload(gql, Buffer.from(text), 2);
    await gql(RUN, { input: { jobId: second, dryRun: false } });
    expect(await poll(gql, second, ['APPLIED'])).toMatchObject({ created: 0, unchanged: 1, failed: 3 });
  });

  it('fails a job whose file cannot be read or lacks columns, with a sentence', async () => {
    const gql = await as(newId(), WRITE);
    const broken = await upload(gql, Buffer.from('not a workbook'), 1, 'XLSX');
    await gql(RUN, { input: { jobId: broken, dryRun: true } });
    const job = await poll(gql, broken, ['FAILED', 'VALIDATED']);
    expect(job).toMatchObject({ status: 'FAILED', error: { code: 'INVALID_FILE' } });
    expect(job.error.message).toMatch(/workbook/);

    const columns = await upload(gql, Buffer.from('sku,name\nA,B\n'), 1);
    await gql(RUN, { input: { jobId: columns, dryRun: true } });
    expect(await poll(gql, columns, ['FAILED', 'VALIDATED'])).toMatchObject({
      status: 'FAILED',
      error: { code: 'MISSING_COLUMN' },
    });
  });

  it('takes over a run whose instance died, once its job went stale', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    const id = await upload(gql, Buffer.from(csv(30, -1, 'STALE')), 1);
    // As if an instance claimed the apply and died before writing anything.
    await fixture.db.admin(
      `UPDATE catalog.import_job SET status = 'APPLYING', run_id = gen_random_uuid() WHERE id = $1`,
      [id],
    );
    const fresh: Json = (await gql(RUN, { input: { jobId: id, dryRun: false } })).runProductImport;
    expect(fresh.productImport.status).toBe('APPLYING');
    expect(await productCount(tenant, 'STALE')).toBe(0);
    await fixture.db.admin(
      `UPDATE catalog.import_job SET updated_at = now() - interval '5 minutes' WHERE id = $1`,
      [id],
    );
    await gql(RUN, { input: { jobId: id, dryRun: false } });
    expect(await poll(gql, id, ['APPLIED'])).toMatchObject({ created: 30 });
    expect(await productCount(tenant, 'STALE')).toBe(30);
  });

  it('checks its input, keeps jobs to their tenant and needs catalog:write', async () => {
    const tenant = newId();
    const gql = await as(tenant, WRITE);
    const bad: Json = (await gql(START, { input: { id: 'nope', format: 'CSV', partCount: 0 } }))
      .startProductImport;
    expect(bad.errors.map((e: Json) => [e.code, e.field.join('.')])).toEqual([
      ['INVALID_ID', 'input.id'],
      ['INVALID_IMPORT_PART', 'input.partCount'],
    ]);
    const id = await upload(gql, Buffer.from(csv(2, -1, 'ISO')), 1);
    const tooBig: Json = (
      await gql(PART, { input: { jobId: id, part: 0, data: 'A'.repeat(768 * 1024 + 4) } })
    ).uploadProductImportPart;
    expect(tooBig.errors[0].code).toBe('INVALID_IMPORT_PART');
    const notBase64: Json = (await gql(PART, { input: { jobId: id, part: 0, data: 'a,b' } }))
      .uploadProductImportPart;
    expect(notBase64.errors[0].code).toBe('INVALID_IMPORT_PART');
    const outOfRange: Json = (await gql(PART, { input: { jobId: id, part: 1, data: 'QQ==' } }))
      .uploadProductImportPart;
    expect(outOfRange.errors[0].code).toBe('INVALID_IMPORT_PART');

    const stranger = await as(newId(), WRITE);
    expect((await stranger(STATUS, { id })).productImport).toBeNull();
    const run: Json = (await stranger(RUN, { input: { jobId: id, dryRun: false } })).runProductImport;
    expect(run.errors[0].code).toBe('UNKNOWN_IMPORT_JOB');

    const cashier = await as(tenant, READ);
    expect(await gqlError(cashier(STATUS, { id }))).toBe('FORBIDDEN');
    expect(await gqlError(cashier(RUN, { input: { jobId: id, dryRun: false } }))).toBe('FORBIDDEN');
  });
});
