/**
 * Identity's directory events: whenever a store or a terminal is created or changed, its whole
 * current state is announced (sales keeps its own projection of them; see `docs/decisions.md`,
 * "Directory projection").
 */
import { z } from 'zod';
import { uuid } from './scalars.ts';

/** `store.upserted` v1. Aggregate: the store id. */
export const storeUpsertedV1 = z.object({
  storeId: uuid,
  name: z.string(),
  /** IANA time zone of the store's business days (e.g. `Asia/Tashkent`). */
  timeZone: z.string().min(1),
});

/** `terminal.upserted` v1. Aggregate: the terminal id. */
export const terminalUpsertedV1 = z.object({
  terminalId: uuid,
  storeId: uuid,
  /** An inactive terminal's offline sales are still accepted. */
  active: z.boolean(),
});
