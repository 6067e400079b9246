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
  /** The envelope's entity field (`sale`, `shift`, `change`, `level`). */
  entityField: string;
  types: readonly string[];
  permission: string;
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

export const FEEDS: Readonly<Record<string, Feed>> = {
  saleSynced: {
    typename: 'SaleSyncedEvent',
    entityField: 'sale',
    types: ['sale.created'],
    permission: 'sales:read',
    keeps: sameStore,
    entityQuery: (payload) => byId('sale', payload.saleId),
  },
  shiftClosed: {
    typename: 'ShiftClosedEvent',
    entityField: 'shift',
    types: ['shift.closed'],
    permission: 'sales:read',
    keeps: sameStore,
    entityQuery: (payload) => byId('shift', payload.shiftId),
  },
  catalogChanged: {
    typename: 'CatalogChangedEvent',
    entityField: 'change',
    types: ['catalog.changed'],
    permission: 'catalog:read',
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
    permission: 'inventory:read',
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
};

/** Every event type some feed follows. */
export const FEED_EVENT_TYPES = [...new Set(Object.values(FEEDS).flatMap((f) => f.types))];
