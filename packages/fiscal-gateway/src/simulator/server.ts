/**
 * The simulator as its own HTTP server: the E-POS Communicator JSON-RPC endpoint at
 * `POST /rpc/api`, plus a control API the tests, the demo and a developer use to play the
 * outside world — a printer running out of paper, the FM unplugged, the tax operator locking
 * the FM or acknowledging receipts, a slow device.
 *
 * Commands run strictly one at a time, as on a real FM (a smart card does one thing at a time).
 * That also means a lookup sent after a timed-out sale sees the sale if it was signed late.
 */
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { z } from 'zod';
import {
  EPOS_METHOD,
  findReceiptParamsSchema,
  JSONRPC_CODE,
  timeParamsSchema,
  zReportInfoParamsSchema,
} from '../epos-protocol.ts';
import {
  type FiscalModuleLimits,
  FmError,
  SimulatedFiscalModule,
  type SimulatorFaults,
} from './fiscal-module.ts';

/** How to start a simulator. */
export interface SimulatorOptions {
  /** Port to listen on; 0 picks a free one. Default 3448, the Communicator's. */
  port?: number;
  host?: string;
  /** JSON file holding the FM's memory. */
  stateFile: string;
  /** FM number printed on receipts, e.g. `UZ191211501033`. */
  terminalId?: string;
  /** Fixed signing secret (default: random on first start, then kept in the state file). */
  secret?: string;
  /** Clock used when a command carries no `Time`. */
  clock?: () => Date;
  limits?: Partial<FiscalModuleLimits>;
}

/** A running simulator. */
export interface RunningSimulator {
  /** The JSON-RPC endpoint, for {@link EposDriver}'s `url`. */
  rpcUrl: string;
  /** Base URL (control API lives under `/control`). */
  baseUrl: string;
  port: number;
  /** The FM itself, for tests that read counters or the signing secret directly. */
  fm: SimulatedFiscalModule;
  setFaults(faults: Partial<SimulatorFaults>): SimulatorFaults;
  close(): Promise<void>;
}

const faultsSchema = z
  .object({
    paperOut: z.boolean(),
    coverOpen: z.boolean(),
    offline: z.boolean(),
    memoryFull: z.boolean(),
    locked: z.boolean(),
    delayMs: z.number().int().min(0).max(600_000),
  })
  .partial()
  .strict();

const rpcRequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: z.union([z.string(), z.number(), z.null()]).optional(),
  method: z.string(),
  params: z.unknown().optional(),
});

type RpcId = string | number | null;

const rpcError = (id: RpcId, code: number, message: string, detail?: string) => ({
  jsonrpc: '2.0' as const,
  id,
  error: { code, message, ...(detail ? { data: { detail } } : {}) },
});

/** Parses method params or throws an invalid-params FM error. */
function params<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new RpcParamsError(`${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

class RpcParamsError extends Error {}

/** Builds the simulator's fastify app around a fiscal module (not listening yet). */
export function buildSimulatorApp(fm: SimulatedFiscalModule): FastifyInstance {
  // A simulator stops at once: a client that gave up on a slow command must not hold it open.
  const app = Fastify({ logger: false, forceCloseConnections: true });
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(run: () => Promise<T> | T): Promise<T> => {
    const task = queue.then(run);
    queue = task.catch(() => undefined);
    return task;
  };

  const dispatch = (method: string, raw: unknown): unknown => {
    switch (method) {
      case EPOS_METHOD.status:
        return fm.status();
      case EPOS_METHOD.openZReport:
        return fm.openZReport(params(timeParamsSchema, raw).Time);
      case EPOS_METHOD.closeZReport:
        return fm.closeZReport(params(timeParamsSchema, raw).Time);
      case EPOS_METHOD.getZReportInfo:
        return fm.getZReportInfo(params(zReportInfoParamsSchema, raw).Number);
      case EPOS_METHOD.sendSaleReceipt:
        return fm.sendReceipt('sale', raw);
      case EPOS_METHOD.sendRefundReceipt:
        return fm.sendReceipt('refund', raw);
      case EPOS_METHOD.getUnsentCount:
        return fm.getUnsentCount();
      case EPOS_METHOD.resendUnsent:
        return fm.resendUnsent();
      case EPOS_METHOD.findReceipt: {
        const p = params(findReceiptParamsSchema, raw);
        return fm.findReceipt(p.Type, p.ExternalId);
      }
      default:
        return undefined;
    }
  };

  app.post('/rpc/api', async (request) => {
    const parsed = rpcRequestSchema.safeParse(request.body);
    if (!parsed.success) return rpcError(null, JSONRPC_CODE.invalidRequest, 'Invalid Request');
    const { id = null, method, params: raw } = parsed.data;
    if (!Object.values(EPOS_METHOD).includes(method as never)) {
      return rpcError(id, JSONRPC_CODE.methodNotFound, 'Method not found', method);
    }
    return serial(async () => {
      if (fm.faults.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fm.faults.delayMs));
      try {
        return { jsonrpc: '2.0', id, result: dispatch(method, raw) };
      } catch (error) {
        if (error instanceof FmError) {
          return rpcError(id, JSONRPC_CODE.fmError, error.errorName, error.detail);
        }
        if (error instanceof RpcParamsError) {
          return rpcError(id, JSONRPC_CODE.invalidParams, 'Invalid params', error.message);
        }
        throw error;
      }
    });
  });

  // --- control API (not part of the Communicator) --------------------------------------------
  app.get('/control/state', async () => fm.snapshot());
  app.get('/control/faults', async () => ({ ...fm.faults }));
  app.post('/control/faults', async (request, reply) => {
    const parsed = faultsSchema.safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues });
    return fm.setFaults(parsed.data);
  });
  app.post('/control/faults/clear', async () =>
    fm.setFaults({
      paperOut: false,
      coverOpen: false,
      offline: false,
      memoryFull: false,
      locked: false,
      delayMs: 0,
    }),
  );
  /** The tax operator acknowledges the oldest `count` unsent receipts (all when absent). */
  app.post('/control/acknowledge', async (request, reply) => {
    const parsed = z.object({ count: z.number().int().min(0).optional() }).safeParse(request.body ?? {});
    if (!parsed.success) return reply.code(400).send({ error: parsed.error.issues });
    return serial(() => fm.acknowledge(parsed.data.count));
  });
  return app;
}

/**
 * Starts a simulated E-POS Communicator with its fiscal module. State lives in `stateFile`, so
 * starting again on the same file continues where the last run stopped.
 */
export async function startSimulator(options: SimulatorOptions): Promise<RunningSimulator> {
  const fm = new SimulatedFiscalModule({
    stateFile: options.stateFile,
    terminalId: options.terminalId ?? 'UZ191211501033',
    ...(options.secret === undefined ? {} : { secret: options.secret }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.limits === undefined ? {} : { limits: options.limits }),
  });
  const app = buildSimulatorApp(fm);
  const host = options.host ?? '127.0.0.1';
  await app.listen({ port: options.port ?? 3448, host });
  const port = (app.server.address() as AddressInfo).port;
  const baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  return {
    rpcUrl: `${baseUrl}/rpc/api`,
    baseUrl,
    port,
    fm,
    setFaults: (faults) => fm.setFaults(faults),
    close: () => app.close(),
  };
}
