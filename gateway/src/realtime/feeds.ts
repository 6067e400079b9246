/**
 * The subscription fields and how each one's events become results. A feed names the event types
 * it follows, the permission it needs, which events a subscriber's arguments keep, and how the
 * envelope's entity is read: as a query through the supergraph (so fields of every service, the
 * tenant's row-level security and each field's permission checks apply as for any query).
 *
 * `entityQuery` gets the subscriber's selection of the entity (printed, with the document's
 * fragments alongside) and returns the query's root field text plus a `pick` that finds the
 * entity in the query's data — or null when the event is no longer what the feed delivers
 * (a catalog change superseded by a later one).
 */
export interface EntityQuery {
  /** Root field(s) of the query, with `$jowi*` variables; the selection goes where `SELECTION` is. */
  field: string;
  variables: Record<string, unknown>;
  variableTypes: Record<string, string>;
  /** The entity in the query's `data` under the alias `entity`, or null to skip this event. */
  pick(entity: unknown): unknown;
}

export interface Feed {
  /** The envelope type (`__typename`). */
  typename: string;
  /** The envelope's entity field (`sale`, `shift`, `change`, `level`, `receipt`). */
  entityField: string;
  /**
   * Envelope fields shown straight from the event's payload (same name): what the event said at
   * the time, where the entity read at delivery may have moved on (a receipt's `status`).
   */
  payloadFields?: readonly string[];
  types: readonly string[];
  /** The subscriber needs any one of these (as the entity's own queries do). */
  permissions: readonly string[];
  /** Whether the subscriber's arguments keep this event. */
  keeps(payload: Record<string, unknown>, args: Record<string, unknown>): boolean;
  entityQuery(payload: Record<string, unknown>): EntityQuery;
}

/** The marker replaced by the subscriber's selection set. */
export const SELECTION = '__SELECTION__';

const sameStore = (payload: Record<string, unknown>, args: Record<string, unknown>) =>
  args.storeId == null || payload.storeId === args.storeId;

const byId = (root: string, id: unknown): EntityQuery => ({
  field: `${root}(id: $jowiId) ${SELECTION}`,
  variables: { jowiId: id },
  variableTypes: { jowiId: 'ID!' },
  pick: (entity) => entity,
});

/**
 * A fiscal receipt by its id: a sale's own receipt through `fiscalReceipt(saleId)`, a refund
 * receipt among its sale's refund receipts (the API reads receipts by sale, not by receipt id).
 */
function fiscalReceiptQuery(payload: Record<string, unknown>): EntityQuery {
  if (payload.kind === 'SALE') {
    return {
      field: `fiscalReceipt(saleId: $jowiId) { jowiId: id ...on FiscalReceipt ${SELECTION} }`,
      variables: { jowiId: payload.saleId },
      variableTypes: { jowiId: 'ID!' },
      pick: (receipt) => withoutKey(receipt, 'jowiId', payload.receiptId),
    };
  }
  return {
    field: `fiscalReceipts(filter: { saleId: $jowiId, kind: REFUND }, first: 50) { edges { node { jowiId: id ...on FiscalReceipt ${SELECTION} } } }`,
    variables: { jowiId: payload.saleId },
    variableTypes: { jowiId: 'ID!' },
    pick: (page) => {
      const edges = (page as { edges: { node: Record<string, unknown> }[] } | null)?.edges ?? [];
      const found = edges.find((e) => e.node.jowiId === payload.receiptId);
      return withoutKey(found?.node, 'jowiId', payload.receiptId);
    },
  };
}

/** `entity` without its helper field `key`, when that field is `expected`; else null (skip). */
function withoutKey(entity: unknown, key: string, expected: unknown): unknown {
  const record = entity as Record<string, unknown> | null | undefined;
  if (!record || record[key] !== expected) return null;
  const { [key]: _helper, ...rest } = record;
  return rest;
}

export const FEEDS: Readonly<Record<string, Feed>> = {
  saleSynced: {
    typename: 'SaleSyncedEvent',
    entityField: 'sale',
    types: ['sale.created'],
    permissions: ['sales:read'],
    keeps: sameStore,
    entityQuery: (payload) => byId('sale', payload.saleId),
  },
  shiftClosed: {
    typename: 'ShiftClosedEvent',
    entityField: 'shift',
    types: ['shift.closed'],
    permissions: ['sales:read'],
    keeps: sameStore,
    entityQuery: (payload) => byId('shift', payload.shiftId),
  },
  catalogChanged: {
    typename: 'CatalogChangedEvent',
    entityField: 'change',
    types: ['catalog.changed'],
    permissions: ['catalog:read'],
    keeps: () => true,
    // The change feed keeps the latest change of each entity: the first change after `seq − 1`
    // is this one, unless a later change of the same entity replaced it (then it is skipped).
    entityQuery: (payload) => ({
      field: `catalogChanges(since: $jowiSince, first: 1) { changes { jowiSeq: seq ...on CatalogChange ${SELECTION} } }`,
      variables: { jowiSince: (BigInt(String(payload.seq)) - 1n).toString() },
      variableTypes: { jowiSince: 'String' },
      pick: (page) => {
        const change = (page as { changes: { jowiSeq: string }[] } | null)?.changes[0];
        if (!change || change.jowiSeq !== payload.seq) return null;
        const { jowiSeq: _seq, ...rest } = change;
        return rest;
      },
    }),
  },
  stockLow: {
    typename: 'StockLowEvent',
    entityField: 'level',
    types: ['stock.low'],
    permissions: ['inventory:read'],
    keeps: sameStore,
    entityQuery: (payload) => ({
      field: `product(id: $jowiId) { stockLevels { jowiStore: store { id } ...on StockLevel ${SELECTION} } }`,
      variables: { jowiId: payload.productId },
      variableTypes: { jowiId: 'ID!' },
      pick: (product) => {
        const levels =
          (product as { stockLevels: { jowiStore: { id: string } }[] } | null)?.stockLevels ?? [];
        const level = levels.find((l) => l.jowiStore.id === payload.storeId);
        if (!level) return null;
        const { jowiStore: _store, ...rest } = level;
        return rest;
      },
    }),
  },
  fiscalReceiptUpdated: {
    typename: 'FiscalReceiptUpdatedEvent',
    entityField: 'receipt',
    payloadFields: ['status'],
    types: ['fiscal.receipt.updated'],
    permissions: ['fiscal:read', 'sales:read'],
    keeps: sameStore,
    entityQuery: fiscalReceiptQuery,
  },
};

/** Every event type some feed follows. */
export const FEED_EVENT_TYPES = [...new Set(Object.values(FEEDS).flatMap((f) => f.types))];
