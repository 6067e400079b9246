/**
 * Identity's directory events: whenever a store, a terminal or a staff member's permissions are
 * created or changed, the whole current state is announced (sales keeps its own projection of them; see `docs/decisions.md`,
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

/**
 * `staff.upserted` v1: a staff member was created, or their roles (or a role they hold) changed.
 * Aggregate: the staff id. Sales keeps the permissions to judge the discounts of synced sales.
 */
export const staffUpsertedV1 = z.object({
  staffId: uuid,
  /** The flattened permissions of the staff member's roles (e.g. `sales:discount`), or `*`. */
  permissions: z.array(z.string()),
  active: z.boolean(),
});
