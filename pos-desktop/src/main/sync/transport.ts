/**
 * How the uploader reaches the server: one small interface ({@link SyncTransport}), so the sync
 * loop is tested against the real gateway, a proxy that cuts responses, or a stand-in — never
 * through Electron. The GraphQL implementation posts `syncSales` (preceded, in the same operation,
 * by `syncCustomers` when the batch holds customers: mutation fields run in order, so a customer
 * exists before the sales that name it) with the session's bearer token
 * and the app version (`x-jowi-client-version`), refreshes the token once on 401, and turns every
 * way a call can fail into a {@link TransportError} of a known kind. It also posts the light
 * `reportTerminalHealth` heartbeat the loop sends when the server's figures are stale.
 */
import { z } from 'zod';
import type {
  RefundPayload,
  RegisterCustomerPayload,
  SaleInputPayload,
  ShiftEventPayload,
} from '../outbox/commands.ts';

/** What the till tells the server about itself (`TerminalHealthReport`). */
export interface TerminalHealthReport {
  /** Entries waiting to be sent (pending and held), besides the ones of the call carrying it. */
  outboxDepth: number;
  /** Entries parked in Needs attention. */
  parkedCount: number;
  appVersion: string;
}

/** One `syncSales` call. */
export interface SyncBatchInput {
  terminalId: string;
  /** The till's health, recorded by the server with the batch. */
  health?: TerminalHealthReport;
  sales: SaleInputPayload[];
  shiftEvents: ShiftEventPayload[];
  refunds: RefundPayload[];
  /** Customers registered at the till (`syncCustomers`), sent first. */
  customers: RegisterCustomerPayload[];
}

/** The server's verdict on one document. */
export interface SyncItemResult {
  id: string;
  status: 'CREATED' | 'DUPLICATE' | 'CONFLICT' | 'REJECTED' | 'LINKED';
  error: { code: string; message: string } | null;
  /** Customers only: the id that won on the server (the existing customer's when LINKED). */
  customerId?: string | null;
}

/** The server's answer to one call. */
export interface SyncBatchResult {
  results: SyncItemResult[];
  shiftEventResults: SyncItemResult[];
  refundResults: SyncItemResult[];
  /** One per customer sent, in order (empty when none was). */
  customerResults: SyncItemResult[];
  /** Errors of the whole batch (no results then): `UNKNOWN_TERMINAL`, `INVALID_TERMINAL`, `BATCH_TOO_LARGE`. */
  errors: Array<{ code: string; message: string }>;
  /** The server's catalog version (`catalogChanges` cursor) for this tenant; null when unknown. */
  catalogVersion?: string | null;
  /** Staff disabled in the back office: the till forgets their cached PIN verifiers. */
  disabledStaffIds?: string[];
}

/**
 * Why a call failed as a whole:
 *  - `network` — no answer (refused, reset, timed out, DNS): retry with backoff;
 *  - `server` — 5xx or an unexpected GraphQL error: retry with backoff;
 *  - `unauthenticated` — 401 even after a refresh, or no session at all: wait for a sign-in;
 *  - `invalid-request` — the server refused the request itself (400: a malformed entry): the
 *    loop isolates the entry at fault instead of retrying the same batch forever.
 */
export type TransportFailure = 'network' | 'server' | 'unauthenticated' | 'invalid-request';

export class TransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}

/** The uploader's only dependency on the network. */
export interface SyncTransport {
  /** Sends one batch; throws {@link TransportError} when there is no per-item answer. */
  syncSales(input: SyncBatchInput): Promise<SyncBatchResult>;
  /**
   * The heartbeat (`reportTerminalHealth`); throws {@link TransportError} when it was not
   * recorded. A transport without it sends no heartbeats.
   */
  reportHealth?(terminalId: string, health: TerminalHealthReport): Promise<void>;
}

/** Tokens for the transport (the session module implements it). */
export interface AuthProvider {
  /** The current access token, or null when nobody has signed in online. */
  accessToken(): Promise<string | null>;
  /** Rotates the refresh token; false when the server refused it or there is none. */
  refresh(): Promise<boolean>;
}

const SYNC_SALES_FIELD = `syncSales(input: $input) {
    results { id status error { code message } }
    shiftEventResults { id status error { code message } }
    refundResults { id status error { code message } }
    errors { code message }
    catalogVersion
    disabledStaffIds
  }`;
const SYNC_SALES = `mutation PosSyncSales($input: SyncSalesInput!) {
  ${SYNC_SALES_FIELD}
}`;
/** Customers first: root mutation fields run one after the other, in this order. */
const SYNC_CUSTOMERS_AND_SALES = `mutation PosSyncCustomersAndSales($customers: SyncCustomersInput!, $input: SyncSalesInput!) {
  syncCustomers(input: $customers) {
    results { id status customerId error { code message } }
    errors { code message }
  }
  ${SYNC_SALES_FIELD}
}`;

const REPORT_HEALTH = `mutation PosReportTerminalHealth($input: ReportTerminalHealthInput!) {
  reportTerminalHealth(input: $input) { errors { code message } }
}`;

const itemSchema = z.object({
  id: z.string(),
  status: z.enum(['CREATED', 'DUPLICATE', 'CONFLICT', 'REJECTED', 'LINKED']),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
  customerId: z.string().nullable().optional(),
});
const batchErrors = z.array(z.object({ code: z.string(), message: z.string() }));

const responseSchema = z.object({
  data: z
    .object({
      syncSales: z.object({
        results: z.array(itemSchema),
        shiftEventResults: z.array(itemSchema),
        refundResults: z.array(itemSchema),
        errors: z.array(z.object({ code: z.string(), message: z.string() })),
        catalogVersion: z.string().nullable().optional(),
        disabledStaffIds: z.array(z.string()).max(1000).optional(),
      }),
      syncCustomers: z.object({ results: z.array(itemSchema), errors: batchErrors }).optional(),
    })
    .nullable()
    .optional(),
  errors: z
    .array(z.object({ message: z.string(), extensions: z.record(z.string(), z.unknown()).optional() }))
    .optional(),
});

const healthResponseSchema = z.object({
  data: z
    .object({ reportTerminalHealth: z.object({ errors: batchErrors }) })
    .nullable()
    .optional(),
  errors: z.array(z.object({ message: z.string() })).optional(),
});

/** What a GraphQL call over HTTP needs. */
export interface GraphQLClientOptions {
  url: string;
  /** Sent as `x-jowi-client-version`, e.g. `pos-desktop/0.1.0`. */
  clientVersion: string;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Posts a GraphQL document and returns the parsed JSON body with its HTTP status.
 * @throws TransportError `network` when nothing came back, `server` for 5xx and non-JSON bodies.
 */
export async function postGraphQL(
  options: GraphQLClientOptions,
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
): Promise<{ status: number; body: unknown }> {
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(options.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-jowi-client-version': options.clientVersion,
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
    });
  } catch (error) {
    throw new TransportError('network', `no answer from ${options.url}: ${describe(error)}`);
  }
  let body: unknown;
  try {
    body = await response.json();
  } catch (error) {
    if (response.status === 401) return { status: 401, body: null };
    throw new TransportError(
      response.status >= 500 || response.ok ? 'server' : 'invalid-request',
      `HTTP ${response.status} without a JSON body (${describe(error)})`,
      response.status,
    );
  }
  return { status: response.status, body };
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as Error & { cause?: unknown }).cause;
    return cause instanceof Error ? `${error.message} (${cause.message})` : error.message;
  }
  return String(error);
}

/** The `syncSales` transport over the gateway. */
export function graphQLTransport(options: GraphQLClientOptions & { auth: AuthProvider }): SyncTransport {
  /** Posts with the session's token; refreshes it once on 401; throws for 401 after that and 5xx. */
  const authorized = async (query: string, variables: Record<string, unknown>) => {
    const post = async () => {
      const token = await options.auth.accessToken();
      if (!token) throw new TransportError('unauthenticated', 'no server session on this till');
      return postGraphQL(options, query, variables, token);
    };
    let answer = await post();
    if (answer.status === 401 && (await options.auth.refresh())) answer = await post();
    if (answer.status === 401)
      throw new TransportError('unauthenticated', 'the server refused the session', 401);
    if (answer.status >= 500) throw new TransportError('server', `HTTP ${answer.status}`, answer.status);
    return answer;
  };
  const send = ({ customers, ...input }: SyncBatchInput) => {
    if (customers.length === 0) return authorized(SYNC_SALES, { input });
    // The till's registration time stays local: `SyncCustomerInput` has no field for it.
    const uploads = customers.map(({ id, phone, name }) => ({ id, phone, ...(name ? { name } : {}) }));
    return authorized(SYNC_CUSTOMERS_AND_SALES, { customers: { customers: uploads }, input });
  };
  return {
    async syncSales(input) {
      const answer = await send(input);
      const parsed = responseSchema.safeParse(answer.body);
      if (!parsed.success) throw new TransportError('server', `unexpected answer (HTTP ${answer.status})`);
      const payload = parsed.data.data?.syncSales;
      const customers = parsed.data.data?.syncCustomers;
      if (payload && customers?.errors.length) {
        return { ...payload, customerResults: [], errors: [...customers.errors, ...payload.errors] };
      }
      if (payload) return { ...payload, customerResults: customers?.results ?? [] };
      const first = parsed.data.errors?.[0];
      const code = String(first?.extensions?.code ?? '');
      const kind = answer.status === 400 || code === 'BAD_USER_INPUT' || code === 'GRAPHQL_VALIDATION_FAILED';
      throw new TransportError(
        kind ? 'invalid-request' : 'server',
        `${code || 'ERROR'}: ${first?.message ?? 'no data'}`,
        answer.status,
      );
    },
    async reportHealth(terminalId, health) {
      const answer = await authorized(REPORT_HEALTH, { input: { terminalId, health } });
      const parsed = healthResponseSchema.safeParse(answer.body);
      const payload = parsed.success ? parsed.data.data?.reportTerminalHealth : undefined;
      const refusal = payload?.errors[0] ?? (parsed.success ? parsed.data.errors?.[0] : undefined);
      if (!payload || refusal) {
        const reason = refusal
          ? `${'code' in refusal ? refusal.code : 'ERROR'}: ${refusal.message}`
          : 'no data';
        throw new TransportError('server', `heartbeat not recorded (${reason})`, answer.status);
      }
    },
  };
}
