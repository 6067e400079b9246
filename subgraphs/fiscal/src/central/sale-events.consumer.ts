/**
 * The fiscal subgraph's consumer of `sale.created` and `sale.refunded`: every sale or refund of
 * a terminal bound to a fiscal device gets its receipt row, in the consumer's transaction (so
 * exactly once, with the cursor), as the durable record that it must be fiscalised:
 *
 * - CENTRAL device: a PENDING receipt with the gateway request built from the event; its job is
 *   enqueued after the commit (the reconciler covers a lost enqueue). A line that arrived
 *   without an IKPU is filled from fiscal's catalog projection; if it still has none, the
 *   receipt waits in NEEDS_ATTENTION with `MISSING_IKPU` (see catalog-fill.ts).
 * - LOCAL device: a PENDING receipt the POS completes with `recordFiscalReceipt`; the reconciler
 *   dead-letters it if nothing arrives in time. If the POS reported first, the insert is a no-op.
 * - No device configured for the terminal: nothing (counted), the sale is not fiscalised here.
 *
 * Unique indexes (one receipt per sale, one per refund) make a replayed event a no-op. Events
 * arrive parsed with their contracts; one that breaks its contract is parked by the runner (it
 * would otherwise block fiscalization of every later sale), visible to operators and retryable.
 */
import {
  type ConsumerContext,
  type ContractEvent,
  defineConsumer,
  type Logger,
  newId,
  registryCounter,
  runtimeRole,
} from '@jowi/server-kit';
import type { EntityManager } from 'typeorm';
import type { DeviceRow } from '../entities/device.entity.ts';
import { deviceOfTerminal } from '../services/device.service.ts';
import { fiscalQrUrl, parseFmDateTime, validateRequisites } from '../services/fiscal-requisites.ts';
import { storeRequisites } from '../services/receipt.service.ts';
import { appendStatusEvent } from '../services/receipt-state.ts';
import { afterCommit } from './after-commit.ts';
import {
  fillRequestFromCatalog,
  MISSING_IKPU,
  type MissingIkpu,
  missingIkpuMessage,
} from './catalog-fill.ts';
import { enqueueReceipt } from './dispatcher.ts';
import {
  parseStoredRequest,
  RefundMappingError,
  refundReceiptRequest,
  type SaleCreatedPayload,
  type SaleRefundedPayload,
  type StoredSaleRequest,
  saleReceiptRequest,
} from './receipt-request.ts';

export const SALE_EVENTS_CONSUMER = `${runtimeRole('fiscal')}:receipts-from-sales`;

type Outcome =
  | 'central'
  | 'local'
  | 'local-registered'
  | 'local-conflict'
  | 'no-device'
  | 'duplicate'
  | 'missing-ikpu';

async function handle(
  m: EntityManager,
  event: ContractEvent<'sale.created' | 'sale.refunded'>,
  context: ConsumerContext,
): Promise<void> {
  const outcome =
    event.type === 'sale.created'
      ? await onSaleCreated(m, event.tenantId, event.payload, context.log)
      : await onSaleRefunded(m, event.tenantId, event.payload);
  if (!context.registry) return;
  registryCounter(context.registry, {
    name: 'jowi_fiscal_sale_events_total',
    help: 'Sale events seen by the fiscal consumer, by outcome',
    labelNames: ['type', 'outcome'],
  }).inc({ type: event.type, outcome });
}

async function insertReceipt(
  m: EntityManager,
  tenantId: string,
  device: DeviceRow,
  values: {
    saleId: string;
    kind: 'SALE' | 'REFUND';
    refundId: string | null;
    posTerminalId: string;
    storeId: string;
  },
  request: unknown,
  failure: { code: string; message: string } | null,
): Promise<boolean> {
  const id = newId();
  const target =
    values.kind === 'SALE'
      ? `(tenant_id, sale_id) WHERE kind = 'SALE'`
      : `(tenant_id, refund_id) WHERE kind = 'REFUND'`;
  const rows: { id: string }[] = await m.query(
    `INSERT INTO fiscal.receipt (tenant_id, id, sale_id, kind, refund_id, status, mode, device_id, pos_terminal_id,
       request, error_code, error_message, store_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
     ON CONFLICT ${target} DO NOTHING RETURNING id`,
    [
      tenantId,
      id,
      values.saleId,
      values.kind,
      values.refundId,
      failure ? 'NEEDS_ATTENTION' : 'PENDING',
      device.mode,
      device.id,
      values.posTerminalId,
      request === null ? null : JSON.stringify(request),
      failure?.code ?? null,
      failure?.message ?? null,
      values.storeId,
    ],
  );
  if (!rows[0]) return false;
  await appendStatusEvent(m, tenantId, id);
  if (device.mode === 'CENTRAL' && !failure) {
    const dataSource = m.connection;
    afterCommit(m, () => void enqueueReceipt(dataSource, { tenantId, receiptId: id }));
  }
  return true;
}

async function onSaleCreated(
  m: EntityManager,
  tenantId: string,
  sale: SaleCreatedPayload,
  log: Logger,
): Promise<Outcome> {
  if (sale.fiscal) {
    // Local mode: the POS's own fiscal module registered the receipt before the slip was handed
    // over; record its requisites (never enqueue a second registration, whatever the device mode).
    const registeredAt = parseFmDateTime(sale.fiscal.dateTime);
    if (registeredAt && validateRequisites(sale.fiscal).length === 0) {
      const result = await storeRequisites(
        m,
        tenantId,
        {
          saleId: sale.saleId.toLowerCase(),
          refundId: null,
          kind: 'SALE',
          qrUrl: fiscalQrUrl(sale.fiscal),
          registeredAt,
          storeId: sale.storeId,
        },
        sale.fiscal,
        log,
      );
      if (result.outcome === 'conflict') {
        log.warn(
          { saleId: sale.saleId },
          'sale.created carries fiscal requisites that differ from the stored ones',
        );
        return 'local-conflict';
      }
      return result.outcome === 'duplicate' ? 'duplicate' : 'local-registered';
    }
    log.error(
      { saleId: sale.saleId },
      'sale.created carries malformed fiscal requisites; fiscalising as usual',
    );
  }
  const device = await deviceOfTerminal(m, sale.terminalId);
  if (!device) return 'no-device';
  const built = await withCatalogFacts(m, device, saleReceiptRequest(sale));
  const inserted = await insertReceipt(
    m,
    tenantId,
    device,
    {
      saleId: sale.saleId,
      kind: 'SALE',
      refundId: null,
      posTerminalId: sale.terminalId,
      storeId: sale.storeId,
    },
    built.request,
    built.failure,
  );
  if (!inserted) return 'duplicate';
  if (built.failure) return 'missing-ikpu';
  return device.mode === 'CENTRAL' ? 'central' : 'local';
}

/**
 * A central request with the lines that arrived without an IKPU filled from fiscal's catalog
 * projection, and the `MISSING_IKPU` failure when one still has none. A local device's POS
 * registers the receipt itself: its request is kept as built.
 */
async function withCatalogFacts(
  m: EntityManager,
  device: DeviceRow,
  request: StoredSaleRequest,
): Promise<{ request: StoredSaleRequest; failure: { code: string; message: string } | null }> {
  if (device.mode !== 'CENTRAL') return { request, failure: null };
  const filled = await fillRequestFromCatalog(m, request);
  return { request: filled.request, failure: missingIkpuFailure(filled.missing) };
}

function missingIkpuFailure(missing: readonly MissingIkpu[]): { code: string; message: string } | null {
  return missing.length > 0 ? { code: MISSING_IKPU, message: missingIkpuMessage(missing) } : null;
}

async function onSaleRefunded(
  m: EntityManager,
  tenantId: string,
  refund: SaleRefundedPayload,
): Promise<Outcome> {
  const device = await deviceOfTerminal(m, refund.terminalId);
  if (!device) return 'no-device';
  let request: unknown = null;
  let failure: { code: string; message: string } | null = null;
  if (device.mode === 'CENTRAL') {
    const rows: { request: unknown }[] = await m.query(
      `SELECT request FROM fiscal.receipt WHERE sale_id = $1 AND kind = 'SALE'`,
      [refund.saleId],
    );
    const sale = parseStoredRequest(rows[0]?.request);
    if (!sale) {
      failure = {
        code: 'REFUND_UNMAPPABLE',
        message: 'The refunded sale has no receipt data here (names and IKPU of its lines are unknown)',
      };
    } else {
      try {
        ({ request, failure } = await withCatalogFacts(m, device, refundReceiptRequest(refund, sale)));
      } catch (error) {
        if (!(error instanceof RefundMappingError)) throw error;
        failure = { code: 'REFUND_UNMAPPABLE', message: error.message };
      }
    }
  }
  const inserted = await insertReceipt(
    m,
    tenantId,
    device,
    {
      saleId: refund.saleId,
      kind: 'REFUND',
      refundId: refund.refundId,
      posTerminalId: refund.terminalId,
      storeId: refund.storeId,
    },
    request,
    failure,
  );
  return inserted ? (device.mode === 'CENTRAL' ? 'central' : 'local') : 'duplicate';
}

/** The consumer definition the subgraph starts. */
export const saleEventsConsumer = defineConsumer({
  name: SALE_EVENTS_CONSUMER,
  types: ['sale.created', 'sale.refunded'],
  handle,
});
