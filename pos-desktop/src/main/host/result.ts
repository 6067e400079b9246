/**
 * Inside the host, services throw a {@link PosError} for an expected failure; at the edge of the
 * contract {@link settle} turns every outcome into a `PosResult`, so nothing ever rejects across
 * IPC or HTTP, and an unexpected exception becomes `INTERNAL_ERROR` (its text goes to the log and
 * to `detail`, never to the cashier's message).
 */
import { type PosErrorCode, posFailure } from '../../shared/pos-errors.ts';
import type { PosFailure, PosResult } from '../../shared/pos-types.ts';

/** An expected failure, carrying what the cashier sees. */
export class PosError extends Error {
  constructor(readonly failure: PosFailure) {
    super(`${failure.code}${failure.detail ? `: ${failure.detail}` : ''}`);
    this.name = 'PosError';
  }

  /** A failure with one of the host's own codes. */
  static of(code: PosErrorCode, extra?: { detail?: string; retryAfterSeconds?: number }): PosError {
    return new PosError(posFailure(code, extra));
  }
}

/** Runs `work` and returns its value, or the failure, as a {@link PosResult}. */
export async function settle<T>(
  work: () => T | Promise<T>,
  logger: Pick<Console, 'error'> = console,
): Promise<PosResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof PosError) return { ok: false, error: error.failure };
    logger.error('pos host: unexpected failure', error);
    return { ok: false, error: posFailure('INTERNAL_ERROR', { detail: String(error) }) };
  }
}
