/**
 * `@jowi/events`: the versioned contracts of every event in Jowi's event log, shared by the
 * producers (typed by them), the consumers (parsing with them) and, later, the public webhook
 * and subscription bodies derived from them. Depends on zod only.
 */
export * from './catalog.ts';
export * from './contracts.ts';
export * from './customers.ts';
export * from './directory.ts';
export * from './fiscal.ts';
export * from './inventory.ts';
export * from './sales.ts';
export * from './scalars.ts';
