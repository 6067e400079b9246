/**
 * Product imports as background jobs (issue 15).
 *
 * A 100 000-row file does not fit in one request (the gateway takes at most 1 MiB from a
 * signed-in caller), and checking or writing it takes longer than a page should wait. So the back
 * office starts a job with an id it made (a retried start finds the same job), uploads the file
 * in numbered base64 parts (a part sent twice is stored once), then asks for a dry run or an
 * apply. The run happens in the background of the instance that was asked; the job row holds
 * status, progress and counts, and `import_job_error` the refused rows with their cells, so any
 * instance answers `productImport` and the page shows real progress.
 *
 * Exactly one run at a time: a run is claimed by an UPDATE of the locked job row, which gives it a
 * fresh `run_id`; every progress write of a run is conditional on that id, so a run that was
 * superseded stops at its next chunk. A run whose job row has not moved for {@link STALE_AFTER}
 * (its instance died) may be claimed again. Applying is idempotent as the import is: rows are
 * upserted by SKU and rows equal to what is stored are not written, so a re-run changes nothing.
 */
import { actorOf, isUuid, type RequestContext, requirePermission } from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import { z } from 'zod';
import type { ImportJobRow, ImportJobStatus } from '../entities/import-job.entity.ts';
import { type CatalogErrorCode, type CatalogUserError, userError } from '../errors/index.ts';
import { type ImportRowError, importTable } from './import.service.ts';
import { ImportFileError, type ImportTable, parseCsv, parseXlsx } from './import-parse.ts';

const CATALOG_WRITE = 'catalog:write';
/** Largest part, in base64 characters: with the JSON around it a request stays under 1 MiB. */
export const MAX_PART_CHARS = 768 * 1024;
export const MAX_PARTS = 400;
/** A running job whose row did not move for this long lost its instance and may run again. */
export const STALE_AFTER = '2 minutes';
const ERROR_BATCH = 2000;

const JOB_SELECT = `j.id, j.format, j.file_name AS "fileName", j.status, j.part_count AS "partCount",
  (SELECT count(*)::int FROM catalog.import_job_part p WHERE p.tenant_id = j.tenant_id AND p.job_id = j.id) AS "partsReceived",
  j.header, j.total, j.processed, j.created, j.updated, j.unchanged, j.failed,
  j.error_code AS "errorCode", j.error_message AS "errorMessage", j.created_by AS "createdBy",
  j.created_at AS "createdAt", j.updated_at AS "updatedAt"`;

export interface ImportJobPayload {
  productImport: ImportJobRow | null;
  errors: CatalogUserError[];
}

const failed = (...errors: CatalogUserError[]): ImportJobPayload => ({ productImport: null, errors });
const done = (job: ImportJobRow): ImportJobPayload => ({ productImport: job, errors: [] });

const START_INPUT = z.object({
  id: z.string().refine(isUuid),
  format: z.enum(['CSV', 'XLSX']),
  partCount: z.number().int().min(1).max(MAX_PARTS),
  fileName: z.string().max(255).nullish(),
});
const PART_INPUT = z.object({
  jobId: z.string().refine(isUuid),
  part: z
    .number()
    .int()
    .min(0)
    .max(MAX_PARTS - 1),
  data: z
    .string()
    .min(1)
    .max(MAX_PART_CHARS)
    .regex(/^[A-Za-z0-9+/]*={0,2}$/),
});
const RUN_INPUT = z.object({ jobId: z.string().refine(isUuid), dryRun: z.boolean() });

/** The code of a bad input field, by its name. */
const CODE_OF_FIELD: Record<string, CatalogErrorCode> = {
  id: 'INVALID_ID',
  jobId: 'INVALID_ID',
  partCount: 'INVALID_IMPORT_PART',
  part: 'INVALID_IMPORT_PART',
  data: 'INVALID_IMPORT_PART',
  fileName: 'INVALID_FILE',
  format: 'INVALID_FILE',
};
const MESSAGE_OF_FIELD: Record<string, string> = {
  id: 'id must be a UUID',
  jobId: 'jobId must be a UUID',
  partCount: `partCount must be 1–${MAX_PARTS}`,
  part: `part must be 0–${MAX_PARTS - 1}`,
  data: `data must be base64, at most ${MAX_PART_CHARS} characters`,
  fileName: 'fileName must be at most 255 characters',
  format: 'format must be CSV or XLSX',
};

/** Parses `input` with `schema`, or returns one user error per bad field. */
function parseInput<T>(schema: z.ZodType<T>, input: unknown): { value: T } | { errors: CatalogUserError[] } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { value: parsed.data };
  const fields = [...new Set(parsed.error.issues.map((issue) => String(issue.path[0])))];
  return {
    errors: fields.map((f) =>
      userError(CODE_OF_FIELD[f] ?? 'INVALID_FILE', MESSAGE_OF_FIELD[f] ?? `${f} is invalid`, ['input', f]),
    ),
  };
}

const unknownJob = (field = 'jobId') =>
  userError('UNKNOWN_IMPORT_JOB', 'No such import job', ['input', field]);
const conflict = (message: string, field: string) =>
  userError('IMPORT_JOB_CONFLICT', message, ['input', field]);

async function readJob(m: EntityManager, id: string, lock = false): Promise<ImportJobRow | null> {
  const rows: ImportJobRow[] = await m.query(
    `SELECT ${JOB_SELECT} FROM catalog.import_job j WHERE j.id = $1${lock ? ' FOR UPDATE' : ''}`,
    [id],
  );
  return rows[0] ?? null;
}

export async function startProductImport(
  ctx: RequestContext,
  input: { id: string; format: string; partCount: number; fileName?: string | null },
): Promise<ImportJobPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  const parsed = parseInput(START_INPUT, input);
  if ('errors' in parsed) return failed(...parsed.errors);
  const { id, format, partCount, fileName } = parsed.value;
  return ctx.tx(async (m) => {
    await m.query(
      `INSERT INTO catalog.import_job (tenant_id, id, format, file_name, part_count, created_by)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [tenantId, id, format, fileName ?? null, partCount, actorOf(ctx)],
    );
    const job = (await readJob(m, id))!;
    if (job.format !== format || job.partCount !== partCount) {
      return failed(conflict('An import job with this id has another format or part count', 'id'));
    }
    return done(job);
  });
}

export async function uploadProductImportPart(
  ctx: RequestContext,
  input: { jobId: string; part: number; data: string },
): Promise<ImportJobPayload> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  const parsed = parseInput(PART_INPUT, input);
  if ('errors' in parsed) return failed(...parsed.errors);
  const { jobId, part } = parsed.value;
  const data = Buffer.from(parsed.value.data, 'base64');
  return ctx.tx(async (m) => {
    const job = await readJob(m, jobId, true);
    if (!job) return failed(unknownJob());
    if (part >= job.partCount) {
      return failed(
        userError('INVALID_IMPORT_PART', `part must be below ${job.partCount}`, ['input', 'part']),
      );
    }
    const stored: { data: Buffer }[] = await m.query(
      'SELECT data FROM catalog.import_job_part WHERE job_id = $1 AND part_no = $2',
      [jobId, part],
    );
    if (stored[0]) {
      if (!stored[0].data.equals(data))
        return failed(conflict('This part was already sent with other data', 'data'));
      return done(job);
    }
    if (job.status !== 'UPLOADING') return failed(conflict('This import has already run', 'jobId'));
    await m.query(
      'INSERT INTO catalog.import_job_part (tenant_id, job_id, part_no, data) VALUES ($1, $2, $3, $4)',
      [tenantId, jobId, part, data],
    );
    return done((await readJob(m, jobId))!);
  });
}

/** What a run request does to a job in each status: start a run, leave it, or refuse. */
type RunDecision = 'run' | 'leave' | 'conflict';
function decideRun(status: ImportJobStatus, dryRun: boolean, stale: boolean): RunDecision {
  switch (status) {
    case 'UPLOADING':
      return 'run';
    case 'VALIDATED':
      return dryRun ? 'leave' : 'run';
    case 'VALIDATING':
      if (stale) return 'run';
      return dryRun ? 'leave' : 'conflict';
    case 'APPLYING':
      if (dryRun) return 'conflict';
      return stale ? 'run' : 'leave';
    case 'APPLIED':
      return dryRun ? 'conflict' : 'leave';
    case 'FAILED':
      return 'leave';
  }
}

export async function runProductImport(
  ctx: RequestContext,
  input: { jobId: string; dryRun: boolean },
): Promise<ImportJobPayload> {
  requirePermission(ctx, CATALOG_WRITE);
  const parsed = parseInput(RUN_INPUT, input);
  if ('errors' in parsed) return failed(...parsed.errors);
  const { jobId, dryRun } = parsed.value;
  const claim = await ctx.tx(async (m) => {
    const job = await readJob(m, jobId, true);
    if (!job) return failed(unknownJob());
    if (job.partsReceived < job.partCount) {
      return failed(
        userError('IMPORT_INCOMPLETE', `${job.partsReceived} of ${job.partCount} parts uploaded`, [
          'input',
          'jobId',
        ]),
      );
    }
    const [{ stale }] = await m.query(
      `SELECT updated_at < now() - interval '${STALE_AFTER}' AS stale FROM catalog.import_job WHERE id = $1`,
      [jobId],
    );
    const decision = decideRun(job.status, dryRun, stale);
    if (decision === 'conflict') {
      return failed(
        conflict(
          `The import is ${job.status.toLowerCase()}; a ${dryRun ? 'dry run' : 'apply'} cannot start now`,
          'dryRun',
        ),
      );
    }
    if (decision === 'leave') return done(job);
    // TypeORM answers an UPDATE … RETURNING with [rows, count].
    const [[{ runId }]] = await m.query(
      `UPDATE catalog.import_job SET status = $2, run_id = gen_random_uuid(), processed = 0, created = 0,
              updated = 0, unchanged = 0, failed = 0, error_code = NULL, error_message = NULL, updated_at = now()
        WHERE id = $1 RETURNING run_id AS "runId"`,
      [jobId, dryRun ? 'VALIDATING' : 'APPLYING'],
    );
    await m.query('DELETE FROM catalog.import_job_error WHERE job_id = $1', [jobId]);
    return { ...done((await readJob(m, jobId))!), runId: runId as string };
  });
  if ('runId' in claim) {
    void executeRun(ctx, jobId, claim.runId, dryRun).catch((error) =>
      failRun(ctx, jobId, claim.runId, error),
    );
  }
  return { productImport: claim.productImport, errors: claim.errors };
}

/** Thrown inside a run whose job was claimed by a newer run: it stops quietly. */
class Superseded extends Error {}

/** Updates the job row of run `runId`; a run that no longer owns it is {@link Superseded}. */
async function updateRun(ctx: RequestContext, jobId: string, runId: string, set: string, values: unknown[]) {
  const [rows]: [unknown[], number] = await ctx.tx((m) =>
    m.query(
      `UPDATE catalog.import_job SET ${set}, updated_at = now() WHERE id = $1 AND run_id = $2 RETURNING id`,
      [jobId, runId, ...values],
    ),
  );
  if (rows.length === 0) throw new Superseded();
}

async function readFile(ctx: RequestContext, jobId: string): Promise<{ format: string; data: Buffer }> {
  return ctx.tx(async (m) => {
    const [job] = await m.query('SELECT format FROM catalog.import_job WHERE id = $1', [jobId]);
    const parts: { data: Buffer }[] = await m.query(
      'SELECT data FROM catalog.import_job_part WHERE job_id = $1 ORDER BY part_no',
      [jobId],
    );
    return { format: job.format, data: Buffer.concat(parts.map((p) => p.data)) };
  });
}

async function readTable(ctx: RequestContext, jobId: string): Promise<ImportTable> {
  const file = await readFile(ctx, jobId);
  return file.format === 'XLSX' ? parseXlsx(file.data) : parseCsv(file.data.toString('utf8'));
}

async function executeRun(ctx: RequestContext, jobId: string, runId: string, dryRun: boolean): Promise<void> {
  let table: ImportTable;
  try {
    table = await readTable(ctx, jobId);
  } catch (error) {
    if (!(error instanceof ImportFileError)) throw error;
    await updateRun(ctx, jobId, runId, `status = 'FAILED', error_code = $3, error_message = $4`, [
      error.code,
      error.message,
    ]);
    return;
  }
  await updateRun(ctx, jobId, runId, 'header = $3, total = $4', [table.header, table.rows.length]);
  const result = await importTable(ctx, table, {
    dryRun,
    onProgress: (processed) => updateRun(ctx, jobId, runId, 'processed = $3', [processed]),
  });
  const fileError = result.errors[0];
  if (fileError) {
    await updateRun(ctx, jobId, runId, `status = 'FAILED', error_code = $3, error_message = $4`, [
      fileError.code,
      fileError.message,
    ]);
    return;
  }
  await saveRowErrors(ctx, jobId, result.rowErrors);
  await updateRun(
    ctx,
    jobId,
    runId,
    'status = $3, processed = total, created = $4, updated = $5, unchanged = $6, failed = $7',
    [dryRun ? 'VALIDATED' : 'APPLIED', result.created, result.updated, result.unchanged, result.failed],
  );
}

/** A run that broke unexpectedly: logged with the trace id, the job FAILED with a plain sentence. */
async function failRun(ctx: RequestContext, jobId: string, runId: string, error: unknown): Promise<void> {
  if (error instanceof Superseded) return;
  ctx.log.error({ err: error, jobId }, 'product import run failed');
  await updateRun(ctx, jobId, runId, `status = 'FAILED', error_code = $3, error_message = $4`, [
    'INVALID_FILE',
    `The import stopped unexpectedly (trace ${ctx.traceId}); nothing more was written. Run it again.`,
  ]).catch(() => undefined);
}

async function saveRowErrors(ctx: RequestContext, jobId: string, rowErrors: ImportRowError[]): Promise<void> {
  const tenantId = requirePermission(ctx, CATALOG_WRITE);
  for (let i = 0; i < rowErrors.length; i += ERROR_BATCH) {
    const batch = rowErrors.slice(i, i + ERROR_BATCH).map((e, k) => ({
      row_no: e.row,
      n: i + k,
      code: e.code,
      message: e.message,
      field: e.field,
      cells: e.cells,
    }));
    await ctx.tx((m) =>
      m.query(
        `INSERT INTO catalog.import_job_error (tenant_id, job_id, row_no, n, code, message, field, cells)
         SELECT $1, $2, x.row_no, x.n, x.code, x.message, x.field, x.cells
           FROM jsonb_to_recordset($3::jsonb) AS x(row_no int, n int, code text, message text, field text[], cells text[])`,
        [tenantId, jobId, JSON.stringify(batch)],
      ),
    );
  }
}

export async function loadProductImport(ctx: RequestContext, id: string): Promise<ImportJobRow | null> {
  requirePermission(ctx, CATALOG_WRITE);
  if (!isUuid(id)) return null;
  return ctx.tx((m) => readJob(m, id));
}

export async function listProductImports(
  ctx: RequestContext,
  first?: number | null,
): Promise<ImportJobRow[]> {
  requirePermission(ctx, CATALOG_WRITE);
  const limit = Math.min(Math.max(first ?? 20, 1), 100);
  return ctx.tx((m) =>
    m.query(`SELECT ${JOB_SELECT} FROM catalog.import_job j ORDER BY j.created_at DESC, j.id LIMIT $1`, [
      limit,
    ]),
  );
}

/** Refused rows' errors of a job, `first` rows at a time after row `after`. */
export async function loadRowErrors(
  ctx: RequestContext,
  jobId: string,
  args: { first?: number | null; after?: number | null },
): Promise<ImportRowError[]> {
  requirePermission(ctx, CATALOG_WRITE);
  const limit = Math.min(Math.max(args.first ?? 100, 1), 1000);
  const rows: Omit<ImportRowError, '__typename'>[] = await ctx.tx((m) =>
    m.query(
      `SELECT e.row_no AS row, e.code, e.message, e.field, e.cells FROM catalog.import_job_error e
        WHERE e.job_id = $1 AND e.row_no IN (
          SELECT DISTINCT row_no FROM catalog.import_job_error
           WHERE job_id = $1 AND row_no > $2 ORDER BY row_no LIMIT $3)
        ORDER BY e.row_no, e.n`,
      [jobId, args.after ?? 0, limit],
    ),
  );
  return rows.map((r) => ({ __typename: 'ImportRowError', ...r }));
}

/** The file-level error of a FAILED job, as a user error. */
export function jobError(job: ImportJobRow): CatalogUserError | null {
  if (!job.errorCode) return null;
  return userError(job.errorCode as CatalogErrorCode, job.errorMessage ?? job.errorCode, ['input']);
}
