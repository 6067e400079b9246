import { tenantTableSql } from '@jowi/server-kit';
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Product imports as jobs (issue 15). A 100 000-row file is larger than one request may be
 * (the gateway takes 1 MiB from a signed-in caller), so the back office uploads it in numbered
 * parts, then asks for a dry run or an apply; the job runs in the background and its row keeps
 * status and progress, which any instance can answer. Row errors keep the row's own cells so the
 * error report can be fixed and uploaded again.
 */
export class ImportJobs1765100000100 implements MigrationInterface {
  name = 'ImportJobs1765100000100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE catalog.import_job (
      tenant_id uuid NOT NULL,
      id uuid NOT NULL,
      format text NOT NULL CHECK (format IN ('CSV', 'XLSX')),
      file_name text,
      part_count int NOT NULL CHECK (part_count BETWEEN 1 AND 400),
      status text NOT NULL DEFAULT 'UPLOADING'
        CHECK (status IN ('UPLOADING', 'VALIDATING', 'VALIDATED', 'APPLYING', 'APPLIED', 'FAILED')),
      header text[] NOT NULL DEFAULT '{}',
      total int NOT NULL DEFAULT 0,
      processed int NOT NULL DEFAULT 0,
      created int NOT NULL DEFAULT 0,
      updated int NOT NULL DEFAULT 0,
      unchanged int NOT NULL DEFAULT 0,
      failed int NOT NULL DEFAULT 0,
      error_code text,
      error_message text,
      run_id uuid,
      created_by text,
      created_at timestamptz NOT NULL DEFAULT now(),
      updated_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (tenant_id, id)
    )`);
    await q.query('CREATE INDEX import_job_recent_idx ON catalog.import_job (tenant_id, created_at DESC)');
    await q.query(`CREATE TABLE catalog.import_job_part (
      tenant_id uuid NOT NULL,
      job_id uuid NOT NULL,
      part_no int NOT NULL CHECK (part_no >= 0),
      data bytea NOT NULL,
      PRIMARY KEY (tenant_id, job_id, part_no),
      FOREIGN KEY (tenant_id, job_id) REFERENCES catalog.import_job (tenant_id, id) ON DELETE CASCADE
    )`);
    await q.query(`CREATE TABLE catalog.import_job_error (
      tenant_id uuid NOT NULL,
      job_id uuid NOT NULL,
      row_no int NOT NULL,
      n int NOT NULL,
      code text NOT NULL,
      message text NOT NULL,
      field text[] NOT NULL DEFAULT '{}',
      cells text[] NOT NULL DEFAULT '{}',
      PRIMARY KEY (tenant_id, job_id, row_no, n),
      FOREIGN KEY (tenant_id, job_id) REFERENCES catalog.import_job (tenant_id, id) ON DELETE CASCADE
    )`);
    for (const table of ['catalog.import_job', 'catalog.import_job_part', 'catalog.import_job_error']) {
      for (const sql of tenantTableSql(table)) await q.query(sql);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE catalog.import_job_error');
    await q.query('DROP TABLE catalog.import_job_part');
    await q.query('DROP TABLE catalog.import_job');
  }
}
