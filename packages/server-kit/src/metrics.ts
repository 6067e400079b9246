import { Counter, collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** Distinct operation names one process labels before the rest count as `other`. */
export const MAX_OPERATION_LABELS = 200;
const OPERATION_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,99}$/;

/** Prometheus metrics of one service; each service owns its registry (tests run several per process). */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'route' | 'status'>;
  readonly graphqlOperations: Counter<'operation' | 'outcome'>;
  /** Documents parsed (a miss of the parsed-document cache); the gateway's limits refuse some before. */
  readonly documentsParsed: Counter;
  private readonly operationLabels = new Set<string>();

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'jowi_http_request_duration_seconds',
      help: 'HTTP request duration by route and status',
      labelNames: ['route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [this.registry],
    });
    this.graphqlOperations = new Counter({
      name: 'jowi_graphql_operations_total',
      help: 'GraphQL operations by name and outcome',
      labelNames: ['operation', 'outcome'],
      registers: [this.registry],
    });
    this.documentsParsed = new Counter({
      name: 'jowi_graphql_documents_parsed_total',
      help: 'GraphQL documents parsed (not found in the parsed-document cache)',
      registers: [this.registry],
    });
  }

  /**
   * Counts a GraphQL operation. `operation` must be the name of the operation the server
   * resolved in the document (never the client's `operationName` field as sent): unnamed is
   * `anonymous`, and past {@link MAX_OPERATION_LABELS} distinct names the rest are `other`, so
   * no client can create unbounded metric series.
   */
  countOperation(operation: string | null | undefined, outcome: string): void {
    this.graphqlOperations.inc({ operation: this.operationLabel(operation), outcome });
  }

  /** A counter of this service's own, in its registry (bounded label values are the caller's duty). */
  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private operationLabel(name: string | null | undefined): string {
    if (!name) return 'anonymous';
    if (this.operationLabels.has(name)) return name;
    if (this.operationLabels.size >= MAX_OPERATION_LABELS || !OPERATION_NAME.test(name)) return 'other';
    this.operationLabels.add(name);
    return name;
  }
}
