import { DateTimeScalar, MoneyScalar, type RequestContext, type UserError } from '@jowi/server-kit';
import type {
  FiscalDevice,
  FiscalReceipt,
  FiscalShift,
  FiscalUserError,
  Resolvers,
} from '../__generated__/resolvers-types.ts';
import { type DeviceRow, deviceNeedsAttention } from '../entities/device.entity.ts';
import type { ReceiptRow } from '../entities/receipt.entity.ts';
import type { ShiftRow } from '../entities/shift.entity.ts';
import {
  deviceById,
  devicesNeedingAttention,
  listDevices,
  posTerminalsOf,
  shiftsOf,
} from '../services/device.service.ts';
import {
  listReceipts,
  receiptById,
  receiptForSale,
  recordFiscalReceipt,
  retryFiscalization,
} from '../services/receipt.service.ts';

const toFiscalErrors = (errors: UserError[]): FiscalUserError[] =>
  errors.map(({ code, message, field }) => ({ code, message, field: field ?? null }));

/** A receipt row as the GraphQL type (`saleReceipt` has its own resolver, which takes precedence). */
function toReceipt(row: ReceiptRow | null): FiscalReceipt | null {
  if (!row) return null;
  return {
    saleReceipt: null,
    id: row.id,
    saleId: row.saleId,
    status: row.status,
    kind: row.kind,
    refundId: row.refundId,
    mode: row.mode,
    terminalId: row.terminalId,
    receiptSeq: row.receiptSeq,
    fiscalSign: row.fiscalSign?.trim() ?? null,
    qrUrl: row.qrUrl,
    registeredAt: row.registeredAt,
    attempts: row.attempts,
    lastErrorCode: row.errorCode,
    lastErrorMessage: row.errorMessage,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** A device row as the GraphQL type (`posTerminalIds` and `shifts` have their own resolvers). */
function toDevice(row: DeviceRow | null): FiscalDevice | null {
  if (!row) return null;
  return {
    posTerminalIds: [],
    shifts: [],
    id: row.id,
    terminalId: row.terminalId,
    storeId: row.storeId,
    status: row.status,
    lastSeenAt: row.lastSeenAt,
    mode: row.mode,
    gatewayUrl: row.gatewayUrl,
    paperOk: row.paperOk,
    coverOpen: row.coverOpen,
    fmLocked: row.fmLocked,
    unsentCount: row.unsentCount,
    lastContactAt: row.lastSeenAt,
    lastErrorCode: row.lastErrorCode,
    attentionCode: row.attentionCode,
    needsAttention: deviceNeedsAttention(row),
  };
}

const toShift = (row: ShiftRow): FiscalShift => ({
  id: row.id,
  deviceId: row.deviceId,
  zNumber: row.zNumber,
  openedAt: row.openedAt,
  closedAt: row.closedAt,
  open: row.closedAt === null,
  saleCount: row.saleCount,
  refundCount: row.refundCount,
  saleCash: row.saleCash,
  saleCard: row.saleCard,
  saleVat: row.saleVat,
  refundCash: row.refundCash,
  refundCard: row.refundCard,
  refundVat: row.refundVat,
});

/**
 * Resolvers in Apollo's shape (what codegen types). `__resolveReference` takes
 * `(reference, context, info)` here; `toMercuriusResolvers` adapts it to mercurius.
 */
export const resolvers: Resolvers<RequestContext> = {
  DateTime: DateTimeScalar,
  Money: MoneyScalar,
  Query: {
    fiscalReceipt: async (_root, { saleId }, ctx) => toReceipt(await receiptForSale(ctx, saleId)),
    fiscalDevices: async (_root, _args, ctx) => (await listDevices(ctx)).map((d) => toDevice(d)!),
    fiscalReceipts: async (_root, args, ctx) => {
      const page = await listReceipts(ctx, args);
      return { ...page, edges: page.edges.map((e) => ({ cursor: e.cursor, node: toReceipt(e.node)! })) };
    },
    fiscalDevicesNeedingAttention: async (_root, _args, ctx) =>
      (await devicesNeedingAttention(ctx)).map((d) => toDevice(d)!),
  },
  Mutation: {
    recordFiscalReceipt: async (_root, { input }, ctx) => {
      const result = await recordFiscalReceipt(ctx, input);
      return { fiscalReceipt: toReceipt(result.fiscalReceipt), errors: toFiscalErrors(result.errors) };
    },
    retryFiscalization: async (_root, { input }, ctx) => {
      const result = await retryFiscalization(ctx, input.receiptId);
      return { fiscalReceipt: toReceipt(result.fiscalReceipt), errors: toFiscalErrors(result.errors) };
    },
  },
  // Sale is owned by the sales subgraph; a reference carries only its id, which is all we need.
  Sale: {
    fiscalReceipt: async (sale, _args, ctx) =>
      sale.id ? toReceipt(await receiptForSale(ctx, sale.id)) : null,
  },
  FiscalReceipt: {
    __resolveReference: async (ref, ctx) => toReceipt(await receiptById(ctx, ref.id)),
    saleReceipt: async (receipt, _args, ctx) =>
      'kind' in receipt && receipt.kind === 'REFUND' && receipt.saleId
        ? toReceipt(await receiptForSale(ctx, receipt.saleId))
        : null,
  },
  FiscalDevice: {
    __resolveReference: async (ref, ctx) => toDevice(await deviceById(ctx, ref.id)),
    posTerminalIds: (device, _args, ctx) => (device.id ? posTerminalsOf(ctx, device.id) : []),
    shifts: async (device, _args, ctx) => (device.id ? (await shiftsOf(ctx, device.id)).map(toShift) : []),
  },
};
