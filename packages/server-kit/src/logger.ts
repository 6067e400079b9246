import { type Logger, pino } from 'pino';

export type { Logger };

/** One JSON logger per process, named after the service; child loggers carry request and trace ids. */
export function createLogger(service: string, level: string = 'info'): Logger {
  return pino({ name: service, level, base: { service }, timestamp: pino.stdTimeFunctions.isoTime });
}
