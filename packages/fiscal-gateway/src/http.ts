/**
 * The gateway's HTTP API for the POS (fastify).
 *
 *   POST /shift/open                      open a shift (Z report) in the FM
 *   POST /shift/close                     close it: the Z report
 *   GET  /shift/x-report                  current shift totals
 *   POST /receipts                        sale or refund; idempotent by (kind, saleId)
 *   GET  /receipts/:saleId/slip.html      the slip (?kind=refund for a refund)
 *   POST /unsent/resend                   push unsent receipts to the tax operator
 *   GET  /status                          device, printer and journal health
 *
 * Every failure is `{ error: { code, message, messages: { uz, ru, en }, retryable } }` with 400
 * for bad input, 409 for FM rule violations, 503/504 for device faults — so the POS can show the
 * cashier the right message and decide by `retryable` whether to offer "try again".
 */

import { formatMoney } from '@jowi/receipt';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { FiscalDriver } from './driver.ts';
import { FiscalError, type FiscalReceipt, type ShiftReport } from './driver.ts';
import { FiscalService, type FiscalServiceHooks } from './fiscal-service.ts';
import { FiscalJournal } from './journal.ts';
import type { ReceiptPrinter, SellerInfo } from './printer.ts';
import { receiptRequestSchema, toReceiptRequest } from './receipt-request.ts';

/** What {@link createFiscalGateway} needs. */
export interface FiscalGatewayOptions {
  driver: FiscalDriver;
  /** Path of the idempotency journal (JSON lines). */
  journalFile: string;
  printer?: ReceiptPrinter;
  seller?: SellerInfo;
  /** Test seams (simulated crashes). */
  hooks?: FiscalServiceHooks;
  /** Fastify logger; off by default (the POS main process logs its own way). */
  logger?: boolean;
}

/** Fiscal data on the wire: money as decimal strings in sum ("12500.00"). */
export function receiptToJson(r: FiscalReceipt) {
  return {
    kind: r.kind,
    saleId: r.externalId,
    terminalId: r.terminalId,
    receiptSeq: r.receiptSeq,
    dateTime: r.dateTime,
    fiscalSign: r.fiscalSign,
    qrUrl: r.qrUrl,
    total: formatMoney(r.total),
    cash: formatMoney(r.cash),
    card: formatMoney(r.card),
    vat: formatMoney(r.vat),
    zNumber: r.zNumber,
  };
}

/** Shift totals on the wire. */
export function shiftToJson(s: ShiftReport) {
  return {
    zNumber: s.zNumber,
    open: s.open,
    openedAt: s.openedAt,
    closedAt: s.closedAt,
    saleCount: s.saleCount,
    refundCount: s.refundCount,
    saleCash: formatMoney(s.saleCash),
    saleCard: formatMoney(s.saleCard),
    saleVat: formatMoney(s.saleVat),
    refundCash: formatMoney(s.refundCash),
    refundCard: formatMoney(s.refundCard),
    refundVat: formatMoney(s.refundVat),
    firstReceiptSeq: s.firstReceiptSeq,
    lastReceiptSeq: s.lastReceiptSeq,
  };
}

const invalid = (code: 'INVALID_RECEIPT' | 'INVALID_REQUEST', issues: z.core.$ZodIssue[]) => {
  const first = issues[0];
  return new FiscalError(code, first ? `${first.path.join('.') || '(body)'}: ${first.message}` : undefined);
};

const isClientError = (error: unknown): boolean => {
  const status = (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' && status >= 400 && status < 500;
};

/**
 * Builds the gateway's fastify app (not listening). The journal is opened here and closed with
 * the app, so one app instance owns one journal file.
 */
export async function createFiscalGateway(options: FiscalGatewayOptions): Promise<FastifyInstance> {
  const journal = await FiscalJournal.open(options.journalFile);
  const service = new FiscalService({
    driver: options.driver,
    journal,
    ...(options.printer ? { printer: options.printer } : {}),
    ...(options.seller ? { seller: options.seller } : {}),
    ...(options.hooks ? { hooks: options.hooks } : {}),
  });
  const app = Fastify({ logger: options.logger ?? false });
  app.addHook('onClose', async () => journal.close());

  app.setErrorHandler((error, request, reply) => {
    let fault: FiscalError;
    if (error instanceof FiscalError) {
      fault = error;
    } else if (isClientError(error)) {
      // Fastify's own refusals before a handler ran: malformed JSON, wrong content type, too large.
      fault = new FiscalError('INVALID_REQUEST', (error as Error).message);
    } else {
      request.log.error({ err: error }, 'unexpected fiscal gateway error');
      fault = new FiscalError('INTERNAL_ERROR');
    }
    if (fault.httpStatus >= 500) request.log.warn({ code: fault.code, detail: fault.detail }, 'fiscal fault');
    return reply.code(fault.httpStatus).send({ error: fault.toJSON() });
  });
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: new FiscalError('INVALID_REQUEST', 'no such route').toJSON() }),
  );

  app.post('/shift/open', async () => ({ shift: shiftToJson(await service.openShift()) }));
  app.post('/shift/close', async () => ({ zReport: shiftToJson(await service.closeShift()) }));
  app.get('/shift/x-report', async () => ({ xReport: shiftToJson(await service.xReport()) }));
  app.post('/unsent/resend', async () => service.resendUnsent());

  app.post('/receipts', async (request, reply) => {
    const parsed = receiptRequestSchema.safeParse(request.body);
    if (!parsed.success) throw invalid('INVALID_RECEIPT', parsed.error.issues);
    const result = await service.fiscalize(toReceiptRequest(parsed.data));
    return reply.code(result.replayed ? 200 : 201).send({
      receipt: receiptToJson(result.receipt),
      replayed: result.replayed,
      printed: result.printed,
      ...(result.printError ? { printError: result.printError.toJSON() } : {}),
    });
  });

  app.get('/receipts/:saleId/slip.html', async (request, reply) => {
    const params = z.object({ saleId: z.uuid() }).safeParse(request.params);
    const query = z.object({ kind: z.enum(['sale', 'refund']).default('sale') }).safeParse(request.query);
    if (!params.success) throw invalid('INVALID_REQUEST', params.error.issues);
    if (!query.success) throw invalid('INVALID_REQUEST', query.error.issues);
    const html = await service.slipHtml(query.data.kind, params.data.saleId);
    if (html === null) throw new FiscalError('RECEIPT_NOT_FOUND', `${query.data.kind} ${params.data.saleId}`);
    return reply.type('text/html; charset=utf-8').send(html);
  });

  app.get('/status', async () => {
    const status = await service.status();
    return {
      device: status.device,
      deviceError: status.deviceError?.toJSON() ?? null,
      printer: status.printer,
      pendingReceipts: status.pendingReceipts,
    };
  });

  return app;
}
