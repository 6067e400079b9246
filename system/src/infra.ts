// The light part of @jowi/system: ports, service probes, the embedded PostgreSQL and the launcher's
// pieces (watchdogs, port checks), without importing any service (used by compose, the test
// runner and the launcher before start-up).
export * from './embedded-pg.ts';
export * from './launcher.ts';
export * from './ports.ts';
export * from './probe.ts';
export * from './proc.ts';
export * from './services.ts';
export * from './watchdog.ts';
