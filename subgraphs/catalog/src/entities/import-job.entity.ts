/** Import jobs are read and written with SQL (see import-job.service.ts); this is their row shape. */
export type ImportJobStatus = 'UPLOADING' | 'VALIDATING' | 'VALIDATED' | 'APPLYING' | 'APPLIED' | 'FAILED';

export interface ImportJobRow {
  id: string;
  format: 'CSV' | 'XLSX';
  fileName: string | null;
  status: ImportJobStatus;
  partCount: number;
  partsReceived: number;
  header: string[];
  total: number;
  processed: number;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  /** Why the file could not be read, when FAILED. */
  errorCode: string | null;
  errorMessage: string | null;
  createdBy: string | null;
  createdAt: Date;
  updatedAt: Date;
}
