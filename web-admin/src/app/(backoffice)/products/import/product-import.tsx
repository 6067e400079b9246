'use client';

import { useApolloClient } from '@apollo/client/react';
/**
 * The import page: choose a CSV or XLSX file, check it (a dry run that writes nothing), read the
 * counts and each refused row, download the error report, then import. The file goes up in parts
 * (each one API request under the body limit; a part that failed is sent again, which the server
 * takes as the same part), and the server's job reports progress while it reads and writes.
 * The job id is made here once per file, so pressing Import twice — or a retry after a lost
 * answer — runs the import once.
 */
import {
  Badge,
  Banner,
  Button,
  Card,
  EmptyState,
  FormField,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableHeader,
  TableRow,
} from '@jowi/ui';
import Link from 'next/link';
import { useEffect, useState } from 'react';
import {
  ProductImportErrorsDocument,
  type ProductImportJobFieldsFragment,
  type ProductImportStatus,
} from '../../../../__generated__/graphql.ts';
import {
  useProductImportJobQuery,
  useRunProductImportMutation,
  useStartProductImportMutation,
  useUploadProductImportPartMutation,
} from '../../../../__generated__/hooks.ts';
import { catalogMessage } from '../../../../i18n/dictionaries/catalog.ts';
import { fill } from '../../../../i18n/dictionaries.ts';
import { useI18n } from '../../../../i18n/provider.tsx';
import {
  csvBlob,
  download,
  errorReport,
  formatOf,
  partCountOf,
  type ReportError,
  readPart,
  SAMPLE_ROWS,
} from './import-file.ts';

const SHOWN_ERRORS = 50;
const POLL_MS = 500;
const PART_ATTEMPTS = 3;
const RUNNING: readonly ProductImportStatus[] = ['VALIDATING', 'APPLYING'];

export function ProductImport() {
  const t = useI18n().dict.catalog;
  const ti = t.import;
  const { dict } = useI18n();
  const client = useApolloClient();
  const [file, setFile] = useState<File | null>(null);
  const [uploadedId, setUploadedId] = useState<string | null>(null);
  /** The job shown, once a run of it was asked for. */
  const [jobId, setJobId] = useState<string | null>(null);
  const [uploaded, setUploaded] = useState<{ done: number; total: number } | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [reporting, setReporting] = useState(false);
  const [start] = useStartProductImportMutation();
  const [uploadPart] = useUploadProductImportPartMutation();
  const [run, running] = useRunProductImportMutation();

  // The job's last known status drives polling: on while it runs, off once it settles.
  const [status, setStatus] = useState<ProductImportStatus | null>(null);
  const poll = useProductImportJobQuery({
    variables: { id: jobId ?? '', first: SHOWN_ERRORS },
    skip: !jobId,
    ssr: false,
    fetchPolicy: 'network-only',
    pollInterval: status && RUNNING.includes(status) ? POLL_MS : 0,
  });
  const job = poll.data?.productImport ?? null;
  useEffect(() => {
    if (job?.status) setStatus(job.status);
  }, [job?.status]);
  const busy = Boolean(uploaded && uploaded.done < uploaded.total) || running.loading;
  const working = busy || (status ? RUNNING.includes(status) : false);

  function choose(next: File | null): void {
    setFile(next);
    setJobId(null);
    setUploadedId(null);
    setStatus(null);
    setUploaded(null);
    setProblem(null);
  }

  async function sendPart(id: string, part: number, data: string): Promise<boolean> {
    for (let attempt = 1; attempt <= PART_ATTEMPTS; attempt++) {
      try {
        const result = (await uploadPart({ variables: { input: { jobId: id, part, data } } })).data
          ?.uploadProductImportPart;
        if (result?.errors.length === 0) return true;
        const [error] = result?.errors ?? [];
        if (error) setProblem(catalogMessage(t, error.code, error.message));
        return false;
      } catch {
        if (attempt === PART_ATTEMPTS) setProblem(ti.uploadFailed);
      }
    }
    return false;
  }

  /** Uploads the chosen file as a new job; returns its id, or null when it could not. */
  async function upload(chosen: File): Promise<string | null> {
    const id = crypto.randomUUID();
    const partCount = partCountOf(chosen.size);
    const input = { id, format: formatOf(chosen.name), partCount, fileName: chosen.name };
    const started = (await start({ variables: { input } })).data?.startProductImport;
    const [error] = started?.errors ?? [];
    if (!started?.productImport || error) {
      setProblem(error ? catalogMessage(t, error.code, error.message) : ti.uploadFailed);
      return null;
    }
    setUploaded({ done: 0, total: partCount });
    for (let part = 0; part < partCount; part++) {
      if (!(await sendPart(id, part, await readPart(chosen, part)))) return null;
      setUploaded({ done: part + 1, total: partCount });
    }
    return id;
  }

  async function launch(dryRun: boolean): Promise<void> {
    setProblem(null);
    try {
      // A job is uploaded once; checking and applying it are runs of the same job.
      const id = uploadedId ?? (file ? await upload(file) : null);
      if (!id) return;
      setUploadedId(id);
      const result = (await run({ variables: { input: { jobId: id, dryRun } } })).data?.runProductImport;
      const [error] = result?.errors ?? [];
      if (error) setProblem(catalogMessage(t, error.code, error.message));
      if (result?.productImport) setStatus(result.productImport.status);
      setJobId(id);
    } catch {
      setProblem(ti.uploadFailed);
    }
  }

  async function downloadReport(current: ProductImportJobFieldsFragment): Promise<void> {
    setReporting(true);
    try {
      const errors: ReportError[] = [];
      let after = 0;
      for (;;) {
        const page = await client.query({
          query: ProductImportErrorsDocument,
          variables: { id: current.id, after },
          fetchPolicy: 'network-only',
        });
        const rows = page.data?.productImport?.rowErrors ?? [];
        if (rows.length === 0) break;
        errors.push(...rows);
        after = rows.at(-1)!.row;
      }
      const report = errorReport(current.header, errors, (e) => catalogMessage(t, e.code, e.message));
      download(report, `${(current.fileName ?? 'import').replace(/\.[^.]+$/, '')}-errors.csv`);
    } catch {
      setProblem(ti.uploadFailed);
    } finally {
      setReporting(false);
    }
  }

  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-1">
        <Link href="/products" className="text-sm text-muted-foreground underline-offset-2 hover:underline">
          ← {t.form.back}
        </Link>
        <h1 className="text-2xl font-semibold tracking-tight">{ti.title}</h1>
        <p className="text-sm text-muted-foreground">{ti.subtitle}</p>
      </div>

      <Card className="flex flex-col gap-4 p-6">
        <FormField id="import-file" label={ti.file} description={ti.fileHelp}>
          <input
            type="file"
            accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            disabled={working}
            onChange={(event) => choose(event.target.files?.[0] ?? null)}
            className="block w-full text-sm file:mr-4 file:rounded-md file:border-0 file:bg-secondary file:px-4 file:py-2 file:text-sm file:font-medium file:text-secondary-foreground"
          />
        </FormField>
        <div className="flex flex-wrap items-center gap-3">
          <Button
            disabled={!file || working || Boolean(job)}
            loading={busy && !job}
            onClick={() => void launch(true)}
          >
            {ti.check}
          </Button>
          <Button
            variant="outline"
            type="button"
            onClick={() => download(csvBlob(SAMPLE_ROWS), 'jowi-products-sample.csv')}
          >
            {ti.template}
          </Button>
        </div>
        {uploaded && uploaded.done < uploaded.total ? (
          <Progress
            label={fill(ti.uploading, { done: uploaded.done, total: uploaded.total })}
            value={uploaded.done}
            max={uploaded.total}
          />
        ) : null}
        {problem ? <Banner variant="destructive" title={problem} /> : null}
      </Card>

      {!job ? (
        jobId ? (
          <Card className="flex justify-center py-12">
            <Spinner size="lg" label={dict.common.loading} />
          </Card>
        ) : (
          <Card>
            <EmptyState title={ti.emptyTitle} description={ti.emptyDescription} />
          </Card>
        )
      ) : (
        <JobView
          job={job}
          rowErrors={poll.data?.productImport?.rowErrors ?? []}
          applying={running.loading}
          reporting={reporting}
          onApply={() => void launch(false)}
          onReport={() => void downloadReport(job)}
          onAnother={() => choose(null)}
        />
      )}
    </div>
  );
}

interface JobViewProps {
  job: ProductImportJobFieldsFragment;
  rowErrors: readonly { row: number; code: string; message: string; field?: readonly string[] | null }[];
  applying: boolean;
  reporting: boolean;
  onApply: () => void;
  onReport: () => void;
  onAnother: () => void;
}

function JobView({ job, rowErrors, applying, reporting, onApply, onReport, onAnother }: JobViewProps) {
  const t = useI18n().dict.catalog;
  const ti = t.import;
  const running = RUNNING.includes(job.status);
  const checked = job.status === 'VALIDATED';
  const counts: [string, number][] = [
    [ti.total, job.total],
    [checked ? ti.willCreate : ti.created, job.created],
    [checked ? ti.willUpdate : ti.updated, job.updated],
    [ti.unchanged, job.unchanged],
    [ti.failed, job.failed],
  ];
  return (
    <Card className="flex flex-col gap-4 p-6" data-testid="import-job" data-status={job.status}>
      <div className="flex flex-wrap items-center gap-3">
        <h2 className="text-lg font-semibold">{job.fileName}</h2>
        <Badge
          variant={
            job.status === 'FAILED' ? 'destructive' : job.status === 'APPLIED' ? 'default' : 'secondary'
          }
        >
          {ti.status[job.status]}
        </Badge>
      </div>
      {running ? (
        <Progress
          label={fill(ti.progress, { processed: job.processed, total: job.total })}
          value={job.processed}
          max={Math.max(job.total, 1)}
        />
      ) : null}
      {job.error ? (
        <Banner
          variant="destructive"
          title={catalogMessage(t, job.error.code, job.error.message)}
          description={job.error.message}
        />
      ) : null}
      {!running && !job.error ? (
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-5">
          {counts.map(([label, value]) => (
            <div key={label} className="rounded-md border p-3">
              <dt className="text-xs text-muted-foreground">{label}</dt>
              <dd className="text-xl font-semibold tabular-nums" data-testid={`count-${label}`}>
                {value.toLocaleString('ru-RU')}
              </dd>
            </div>
          ))}
        </dl>
      ) : null}
      {!running && job.failed > 0 ? (
        <RowErrors job={job} rowErrors={rowErrors} reporting={reporting} onReport={onReport} />
      ) : null}
      {!running && !job.error && job.failed === 0 ? <p className="text-sm">{ti.noErrors}</p> : null}
      {job.status === 'APPLIED' && job.failed > 0 ? (
        <Banner variant="warning" title={ti.appliedNote} />
      ) : null}
      <div className="flex flex-wrap gap-3">
        {checked ? (
          <Button onClick={onApply} loading={applying}>
            {ti.apply}
          </Button>
        ) : null}
        {!running ? (
          <Button variant="outline" onClick={onAnother}>
            {ti.another}
          </Button>
        ) : null}
      </div>
    </Card>
  );
}

function RowErrors({
  job,
  rowErrors,
  reporting,
  onReport,
}: Pick<JobViewProps, 'job' | 'rowErrors' | 'reporting' | 'onReport'>) {
  const t = useI18n().dict.catalog;
  const ti = t.import;
  const shownRows = new Set(rowErrors.map((e) => e.row)).size;
  return (
    <section className="flex flex-col gap-3" aria-labelledby="import-row-errors">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h3 id="import-row-errors" className="font-semibold">
          {ti.rowErrors}
        </h3>
        <Button variant="outline" size="sm" loading={reporting} onClick={onReport}>
          {ti.report}
        </Button>
      </div>
      <Table aria-labelledby="import-row-errors">
        <TableHeader>
          <TableRow>
            <TableHead className="w-20 text-right">{ti.row}</TableHead>
            <TableHead className="w-40">{ti.column}</TableHead>
            <TableHead>{ti.problem}</TableHead>
          </TableRow>
        </TableHeader>
        <TableBody>
          {rowErrors.map((e) => (
            <TableRow
              key={`${e.row}-${e.code}-${e.field?.join('.')}`}
              data-testid="import-row-error"
              data-code={e.code}
            >
              <TableCell className="text-right tabular-nums">{e.row}</TableCell>
              <TableCell className="font-mono text-xs">{e.field?.slice(2).join('.') ?? ''}</TableCell>
              <TableCell>{catalogMessage(t, e.code, e.message)}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      {job.failed > shownRows ? (
        <p className="text-sm text-muted-foreground">
          {fill(ti.moreErrors, { count: job.failed - shownRows })}
        </p>
      ) : null}
    </section>
  );
}

function Progress({ label, value, max }: { label: string; value: number; max: number }) {
  return (
    <div className="flex flex-col gap-1.5">
      <div className="text-sm tabular-nums" aria-live="polite">
        {label}
      </div>
      <progress className="h-2 w-full accent-primary" value={value} max={max} aria-label={label} />
    </div>
  );
}
