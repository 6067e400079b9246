/**
 * Typed consumers: a subgraph declares which event types it follows and gets each event parsed
 * with its contract from `@jowi/events` — the same schema the producer is typed by — before its
 * handler runs. Handlers never re-declare payload shapes, and a payload that breaks its contract
 * fails with an `EventContractError`, which the runner parks at once (see parking.ts).
 */
import { EventContractError, type EventPayload, type EventType, parseEventPayload } from '@jowi/events';
import type { EntityManager } from 'typeorm';
import type { ConsumerContext, ConsumerDefinition, ConsumerDefinitionBase } from './consumer-types.ts';
import type { StoredEvent } from './events.ts';

/** A stored event of type `T` whose payload was parsed with its contract (a union over `T`). */
export type ContractEvent<T extends EventType = EventType> = T extends EventType
  ? Omit<StoredEvent, 'type' | 'payload'> & { type: T; payload: EventPayload<T> }
  : never;

/** What {@link defineConsumer} takes: the types followed, and a handler of their parsed events. */
export type TypedConsumerDefinition<T extends EventType> = Omit<ConsumerDefinitionBase, 'types'> & {
  /** The event types to follow (and to parse). */
  types: readonly T[];
  /**
   * A lighter check on the hot path: events this consumer has nothing to do with, told from the
   * stored payload before any contract parse (e.g. loyalty and a sale without a customer). They
   * are neither parsed nor handed to the handler, and the cursor moves past them as past applied
   * ones. Decide only from fields whose value means "not ours" — a payload that breaks its
   * contract elsewhere then is not parked by this consumer (the consumers that read those
   * fields park it); anything else is parsed as usual.
   */
  ignore?: (type: T, payload: unknown) => boolean;
} & (
    | {
        handle: (manager: EntityManager, event: ContractEvent<T>, context: ConsumerContext) => Promise<void>;
        handleBatch?: never;
      }
    | {
        handle?: never;
        handleBatch: (
          manager: EntityManager,
          events: readonly ContractEvent<T>[],
          context: ConsumerContext,
        ) => Promise<void>;
      }
  );

/**
 * Parses a stored event of one of `types` with its contract (upgrading an older version).
 * Throws {@link EventContractError} for another type or a payload that does not match.
 */
export function parseContractEvent<T extends EventType>(
  event: StoredEvent,
  types: readonly T[],
): ContractEvent<T> {
  if (!(types as readonly string[]).includes(event.type)) {
    throw new EventContractError(
      event.type,
      event.version,
      `this consumer does not follow ${event.type} events`,
    );
  }
  const payload = parseEventPayload(event.type as T, event.version, event.payload);
  return { ...event, payload } as ContractEvent<T>;
}

/** A consumer definition whose handler gets events parsed with their contracts. */
export function defineConsumer<const T extends EventType>(
  definition: TypedConsumerDefinition<T>,
): ConsumerDefinition {
  const { types, ignore } = definition;
  const base = { name: definition.name, types, batchSize: definition.batchSize, pollMs: definition.pollMs };
  const ignored = (e: StoredEvent) => ignore?.(e.type as T, e.payload) === true;
  if (definition.handleBatch) {
    const handleBatch = definition.handleBatch;
    return {
      ...base,
      handleBatch: async (m, events, context) => {
        const wanted = ignore ? events.filter((e) => !ignored(e)) : events;
        if (wanted.length === 0) return;
        await handleBatch(
          m,
          wanted.map((e) => parseContractEvent(e, types)),
          context,
        );
      },
    };
  }
  const handle = definition.handle!;
  return {
    ...base,
    handle: async (m, event, context) => {
      if (ignored(event)) return;
      await handle(m, parseContractEvent(event, types), context);
    },
  };
}

/** What {@link defineReadingConsumer} takes: the types followed, a reader, and a batch handler of what it reads. */
export type ReadingConsumerDefinition<T extends EventType, E> = Omit<ConsumerDefinitionBase, 'types'> & {
  types: readonly T[];
  /**
   * Turns a stored event of one of `types` into what the handler needs, checking every field it
   * takes. For anything it does not accept (another version, a field that fails its check) it
   * must fall back to {@link parseContractEvent}, so a payload that breaks the contract in a field
   * this consumer reads fails with the contract's own error and is parked at once, as usual.
   */
  read: (event: StoredEvent) => E;
  handleBatch: (manager: EntityManager, events: readonly E[], context: ConsumerContext) => Promise<void>;
};

/**
 * A batch consumer whose events are read by its own `read` instead of the full contract parse:
 * for a hot consumer that takes a few fields of a large payload (stock from sales reads ids,
 * times and quantities of sale lines that carry twenty fields each), where the full parse costs
 * as much as applying the event. A payload that breaks its contract only in fields the consumer
 * does not read is applied (the consumers that read those fields park it).
 */
export function defineReadingConsumer<const T extends EventType, E>(
  definition: ReadingConsumerDefinition<T, E>,
): ConsumerDefinition {
  const { read, handleBatch } = definition;
  return {
    name: definition.name,
    types: definition.types,
    batchSize: definition.batchSize,
    pollMs: definition.pollMs,
    handleBatch: (m, events, context) => handleBatch(m, events.map(read), context),
  };
}
