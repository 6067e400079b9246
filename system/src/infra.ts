// The light part of @jowi/system: ports, service probes and the embedded PostgreSQL, without
// importing any service (used by compose, the test runner and the launcher before start-up).
export * from './embedded-pg.ts';
export * from './probe.ts';
export * from './services.ts';
