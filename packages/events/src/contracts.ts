/**
 * The event contracts: one versioned zod schema per event type in the log (`events.event`).
 *
 * A producer appends the current version of its type (the log's `version` column records it)
 * and is typed by the schema's input; every consumer parses the stored payload with the schema
 * of the stored version, so producer and consumers cannot drift apart unnoticed. A payload that
 * does not parse is an {@link EventContractError}: the consumer runner parks the event at once
 * (retrying cannot change a payload) where operators see it.
 *
 * Evolving a contract: adding an optional field is compatible and keeps the version (schemas
 * strip what they do not know, so an older consumer ignores a newer field). Anything else —
 * renaming, removing, changing a field's meaning or format — is a new version: bump `version`,
 * make `schema` the new shape, and keep the old one readable in `older` with a function that
 * turns an old payload into the new shape, so events already in the log still parse.
 *
 * Payloads are public-ready: ids, enums, ISO times and `Money`/`Quantity` strings, plus a few
 * integer strings whose unit is in their field's metadata (see scalars.ts), so issue 16's
 * webhook and subscription bodies can be derived from these schemas without reading any table.
 */
import type { z } from 'zod';
import { catalogChangedV1, productUpsertedV1 } from './catalog.ts';
import { customerMergedV1, loyaltyOverdraftV1 } from './customers.ts';
import { staffUpsertedV1, storeUpsertedV1, terminalUpsertedV1 } from './directory.ts';
import { fiscalReceiptRegisteredV1, fiscalReceiptUpdatedV1 } from './fiscal.ts';
import { stockLowV1 } from './inventory.ts';
import { saleCreatedV1, saleRefundedV1, shiftClosedV1 } from './sales.ts';

/** One event type's contract. */
export interface EventContract<S extends z.ZodType = z.ZodType> {
  /** The version producers write now. */
  version: number;
  /** The payload of that version. */
  schema: S;
  /** The subgraph that appends it (and the `source` column it writes). */
  producer: 'identity' | 'catalog' | 'sales' | 'inventory' | 'customers' | 'fiscal';
  /** Older versions still in the log: each turns an old payload into the input of `schema`. */
  older?: Readonly<Record<number, (payload: unknown) => unknown>>;
}

const contract = <S extends z.ZodType>(c: EventContract<S>): EventContract<S> => c;

/** Every event type and its contract. */
export const EVENT_CONTRACTS = {
  'sale.created': contract({ version: 1, schema: saleCreatedV1, producer: 'sales' }),
  'sale.refunded': contract({ version: 1, schema: saleRefundedV1, producer: 'sales' }),
  'shift.closed': contract({ version: 1, schema: shiftClosedV1, producer: 'sales' }),
  'catalog.product.upserted': contract({ version: 1, schema: productUpsertedV1, producer: 'catalog' }),
  'catalog.changed': contract({ version: 1, schema: catalogChangedV1, producer: 'catalog' }),
  'store.upserted': contract({ version: 1, schema: storeUpsertedV1, producer: 'identity' }),
  'terminal.upserted': contract({ version: 1, schema: terminalUpsertedV1, producer: 'identity' }),
  'staff.upserted': contract({ version: 1, schema: staffUpsertedV1, producer: 'identity' }),
  'customer.merged': contract({ version: 1, schema: customerMergedV1, producer: 'customers' }),
  'loyalty.overdraft': contract({ version: 1, schema: loyaltyOverdraftV1, producer: 'customers' }),
  'fiscal.receipt.registered': contract({
    version: 1,
    schema: fiscalReceiptRegisteredV1,
    producer: 'fiscal',
  }),
  'fiscal.receipt.updated': contract({ version: 1, schema: fiscalReceiptUpdatedV1, producer: 'fiscal' }),
  'stock.low': contract({ version: 1, schema: stockLowV1, producer: 'inventory' }),
} as const satisfies Record<string, EventContract>;

type Contracts = typeof EVENT_CONTRACTS;

/** Every event type in the log. */
export type EventType = keyof Contracts;

/** Every event type, in the order of {@link EVENT_CONTRACTS}. */
export const EVENT_TYPES = Object.keys(EVENT_CONTRACTS) as EventType[];

/** The payload of `T` as a consumer gets it (parsed with the current version's schema). */
export type EventPayload<T extends EventType> = z.output<Contracts[T]['schema']>;

/** The payload of `T` as a producer writes it (the current version's schema input). */
export type EventPayloadInput<T extends EventType> = z.input<Contracts[T]['schema']>;

/** Whether `type` has a contract. */
export const isEventType = (type: string): type is EventType => Object.hasOwn(EVENT_CONTRACTS, type);

/** The version producers of `type` write now. */
export const currentVersion = (type: EventType): number => EVENT_CONTRACTS[type].version;

/**
 * A stored event that does not satisfy its contract: an unknown type, a version nobody can
 * read, or a payload of the wrong shape. Retrying cannot fix it; the consumer runner parks the
 * event at once (`permanent`).
 */
export class EventContractError extends Error {
  /** Marks failures that a retry of the same code cannot fix (read by the consumer runner). */
  readonly permanent = true;
  constructor(
    readonly type: string,
    readonly version: number,
    message: string,
  ) {
    super(message);
    this.name = 'EventContractError';
  }
}

/** The first few issues of a failed parse, `path: message`, for an operator to read. */
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 3).map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
  const more = error.issues.length > 3 ? ` (+${error.issues.length - 3} more)` : '';
  return `${shown.join('; ')}${more}`;
}

/**
 * Parses a stored payload of `type` written as `version` into the current shape. Throws
 * {@link EventContractError} when the type or version is unknown or the payload does not match.
 */
export function parseEventPayload<T extends EventType>(
  type: T,
  version: number,
  payload: unknown,
): EventPayload<T>;
export function parseEventPayload(type: string, version: number, payload: unknown): unknown;
export function parseEventPayload(type: string, version: number, payload: unknown): unknown {
  if (!isEventType(type)) throw new EventContractError(type, version, `no contract for event type ${type}`);
  return parseWithContract(EVENT_CONTRACTS[type], type, version, payload);
}

/** {@link parseEventPayload} against a given contract (upgrading an older version first). */
export function parseWithContract(
  c: EventContract,
  type: string,
  version: number,
  payload: unknown,
): unknown {
  let input = payload;
  if (version !== c.version) {
    const upgrade = c.older?.[version];
    if (!upgrade) {
      throw new EventContractError(
        type,
        version,
        `no contract for ${type} v${version} (this code reads v${c.version})`,
      );
    }
    try {
      input = upgrade(payload);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new EventContractError(
        type,
        version,
        `${type} v${version} payload cannot be upgraded: ${reason}`,
      );
    }
  }
  const parsed = c.schema.safeParse(input);
  if (!parsed.success) {
    throw new EventContractError(
      type,
      version,
      `${type} v${version} payload does not match its contract: ${describeIssues(parsed.error)}`,
    );
  }
  return parsed.data;
}

/**
 * What is wrong with `payload` as the current version of `type`, including fields the contract
 * does not document (parsing strips them): empty when it matches exactly. For producers' tests.
 */
export function contractMismatches(type: string, payload: unknown): string[] {
  if (!isEventType(type)) return [`no contract for event type ${type}`];
  const c: EventContract = EVENT_CONTRACTS[type];
  const parsed = c.schema.safeParse(payload);
  if (!parsed.success)
    return parsed.error.issues.map((i) => `${i.path.join('.') || '(payload)'}: ${i.message}`);
  return undocumented(payload, parsed.data, '');
}

/** Paths present in `raw` but stripped from `parsed`. */
function undocumented(raw: unknown, parsed: unknown, path: string): string[] {
  if (Array.isArray(raw) && Array.isArray(parsed)) {
    return raw.flatMap((item, i) => undocumented(item, parsed[i], `${path}${i}.`));
  }
  if (raw && parsed && typeof raw === 'object' && typeof parsed === 'object') {
    return Object.entries(raw).flatMap(([key, value]) =>
      key in parsed
        ? undocumented(value, (parsed as Record<string, unknown>)[key], `${path}${key}.`)
        : [`${path}${key}: not in the contract`],
    );
  }
  return [];
}
