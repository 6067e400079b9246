/**
 * The fiscal subgraph's client of a fiscal gateway's HTTP API (`@jowi/fiscal-gateway`'s
 * `createFiscalGateway`). Every answer is parsed with zod at this boundary; every failure
 * becomes a {@link GatewayCallError} with the gateway's stable code — or `GATEWAY_UNREACHABLE`
 * when no gateway answered, and `GATEWAY_BAD_ANSWER` when it answered something unreadable.
 */
import { z } from 'zod';
import type { ReceiptRequestBody } from './receipt-request.ts';

/** Codes the client adds to the gateway's own. */
export type ClientErrorCode = 'GATEWAY_UNREACHABLE' | 'GATEWAY_BAD_ANSWER';

/** A failed gateway call: the gateway's code (e.g. `FM_LOCKED`) or a client code. */
export class GatewayCallError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The gateway's own verdict (absent when no gateway answered). */
    readonly retryable: boolean | null,
    readonly httpStatus: number | null,
  ) {
    super(message);
    this.name = 'GatewayCallError';
  }
}

export const isGatewayCallError = (error: unknown): error is GatewayCallError =>
  error instanceof GatewayCallError;

const errorBodySchema = z.object({
  error: z.object({ code: z.string(), message: z.string(), retryable: z.boolean() }),
});

const fiscalReceiptSchema = z.object({
  kind: z.enum(['sale', 'refund']),
  saleId: z.string(),
  terminalId: z.string(),
  receiptSeq: z.number().int(),
  dateTime: z.string(),
  fiscalSign: z.string(),
  qrUrl: z.string(),
  total: z.string(),
  zNumber: z.number().int(),
});
export type GatewayReceipt = z.infer<typeof fiscalReceiptSchema>;

const receiptAnswerSchema = z.object({ receipt: fiscalReceiptSchema, replayed: z.boolean() });

const shiftSchema = z.object({
  zNumber: z.number().int(),
  open: z.boolean(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
  saleCount: z.number().int(),
  refundCount: z.number().int(),
  saleCash: z.string(),
  saleCard: z.string(),
  saleVat: z.string(),
  refundCash: z.string(),
  refundCard: z.string(),
  refundVat: z.string(),
});
export type GatewayShift = z.infer<typeof shiftSchema>;

const statusSchema = z.object({
  device: z
    .object({
      terminalId: z.string(),
      shiftOpen: z.boolean(),
      unsentCount: z.number().int(),
      locked: z.boolean(),
      printer: z.object({ paperOut: z.boolean(), coverOpen: z.boolean() }).nullable(),
    })
    .nullable(),
  deviceError: z.object({ code: z.string(), message: z.string() }).nullable(),
});
export type GatewayStatus = z.infer<typeof statusSchema>;

/** Talks to one fiscal gateway. */
export class FiscalGatewayClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 30_000,
  ) {}

  /** Registers a sale or refund receipt; idempotent by (kind, saleId) on the gateway's side. */
  async registerReceipt(body: ReceiptRequestBody): Promise<{ receipt: GatewayReceipt; replayed: boolean }> {
    return this.call('POST', '/receipts', receiptAnswerSchema, body);
  }

  async openShift(): Promise<GatewayShift> {
    return (await this.call('POST', '/shift/open', z.object({ shift: shiftSchema }), {})).shift;
  }

  async closeShift(): Promise<GatewayShift> {
    return (await this.call('POST', '/shift/close', z.object({ zReport: shiftSchema }), {})).zReport;
  }

  async status(): Promise<GatewayStatus> {
    return this.call('GET', '/status', statusSchema);
  }

  private async call<T>(
    method: 'GET' | 'POST',
    path: string,
    schema: z.ZodType<T>,
    body?: unknown,
  ): Promise<T> {
    const url = new URL(path, this.baseUrl.endsWith('/') ? this.baseUrl : `${this.baseUrl}/`);
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        ...(body === undefined
          ? {}
          : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new GatewayCallError(
        'GATEWAY_UNREACHABLE',
        `fiscal gateway ${url.origin} did not answer: ${error instanceof Error ? error.message : String(error)}`,
        null,
        null,
      );
    }
    const text = await response.text().catch(() => '');
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    if (!response.ok) {
      const parsed = errorBodySchema.safeParse(json);
      if (parsed.success) {
        const { code, message, retryable } = parsed.data.error;
        throw new GatewayCallError(code, message, retryable, response.status);
      }
      // A proxy's 502 or a gateway that is starting: nobody refused the receipt.
      throw new GatewayCallError(
        'GATEWAY_UNREACHABLE',
        `fiscal gateway ${url.origin} answered HTTP ${response.status}`,
        null,
        response.status,
      );
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success) {
      throw new GatewayCallError(
        'GATEWAY_BAD_ANSWER',
        `fiscal gateway ${url.origin}${path} answered unexpectedly: ${parsed.error.issues[0]?.message ?? ''}`,
        null,
        response.status,
      );
    }
    return parsed.data;
  }
}
