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
  const { types } = definition;
  const base = { name: definition.name, types, batchSize: definition.batchSize, pollMs: definition.pollMs };
  if (definition.handleBatch) {
    const handleBatch = definition.handleBatch;
    return {
      ...base,
      handleBatch: (m, events, context) =>
        handleBatch(
          m,
          events.map((e) => parseContractEvent(e, types)),
          context,
        ),
    };
  }
  const handle = definition.handle!;
  return { ...base, handle: (m, event, context) => handle(m, parseContractEvent(event, types), context) };
}
