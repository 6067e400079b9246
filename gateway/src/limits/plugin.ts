/**
 * The limits that need the resolved operation, as one Apollo Server plugin. (The safelist, the
 * text's length and tokens and the operation's shape are checked before Apollo Server: gate.ts.)
 *
 * 1. `didResolveOperation`: an `operationName` that names nothing is 400
 *    `OPERATION_RESOLUTION_FAILURE`; anonymous introspection where it is off is
 *    `INTROSPECTION_DISABLED`; the requested cost against the caller's per-operation limit
 *    (`QUERY_TOO_COSTLY`); then the caller's bucket (`RATE_LIMITED`, 429, `retry-after`).
 * 2. `willSendResponse`: the actual cost from the response, the refund of what was not used,
 *    `extensions.cost { requested, actual, limit }` and `extensions.rateLimit { capacity,
 *    remaining, refillPerSecond }`; "Did you mean" hints removed for anonymous callers where
 *    introspection is off; the operation counted under its resolved name only.
 */
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { Identity, ServiceMetrics } from '@jowi/server-kit';
import { type DocumentNode, type GraphQLFormattedError, Kind, type OperationDefinitionNode } from 'graphql';
import type { CallerClass, ClassLimits, LimitsConfig } from './config.ts';
import { actualCost, type CostDirectives, type CostPlan, compileCostPlan, requestedCost } from './cost.ts';
import { LimitError } from './errors.ts';
import type { BucketState, RateLimiter } from './rate-limit.ts';

/** What the limits need to know about the caller, set in the request context. */
export interface Caller {
  identity: Identity;
  kind: CallerClass;
  /** Whose bucket: the IP, staff member, terminal or key. */
  subject: string;
  limits: ClassLimits;
}

export interface LimitsContext {
  caller: Caller;
}

export interface LimitsPluginOptions {
  config: LimitsConfig;
  directives: CostDirectives;
  rateLimiter: RateLimiter;
  metrics: ServiceMetrics;
}

interface RequestCost {
  plan: CostPlan;
  requested: number;
  bucket: BucketState | null;
}

const INTROSPECTION = /^__(schema|type)$/;

function selectsIntrospection(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some(
    (s) => s.kind === Kind.FIELD && INTROSPECTION.test(s.name.value),
  );
}

const SUGGESTION = / ?Did you mean .+\?$/;

export function limitsPlugin(options: LimitsPluginOptions): ApolloServerPlugin<LimitsContext> {
  const { config } = options;
  const plans = new WeakMap<DocumentNode, Map<string, CostPlan>>();

  function planOf(rc: GraphQLRequestContext<LimitsContext>, operation: OperationDefinitionNode): CostPlan {
    const document = rc.document!;
    let byOperation = plans.get(document);
    if (!byOperation) {
      byOperation = new Map();
      plans.set(document, byOperation);
    }
    const name = operation.name?.value ?? '';
    let plan = byOperation.get(name);
    if (!plan) {
      plan = compileCostPlan(rc.schema, options.directives, document, operation);
      byOperation.set(name, plan);
    }
    return plan;
  }

  async function admit(rc: GraphQLRequestContext<LimitsContext>): Promise<RequestCost> {
    const operation = rc.operation;
    if (!operation)
      throw new LimitError(
        'OPERATION_RESOLUTION_FAILURE',
        rc.request.operationName
          ? `Unknown operation named "${rc.request.operationName}"`
          : 'The document has several operations: name one with operationName',
        400,
      );
    const { caller } = rc.contextValue;
    if (caller.kind === 'anonymous' && !config.anonymousIntrospection && selectsIntrospection(operation))
      throw new LimitError('INTROSPECTION_DISABLED', 'Sign in to introspect the schema', 403);
    const plan = planOf(rc, operation);
    const requested = requestedCost(plan, rc.request.variables);
    const limit = caller.limits.maxCost;
    if (requested > limit)
      throw new LimitError(
        'QUERY_TOO_COSTLY',
        `Operation may cost ${requested} points; the limit is ${limit}`,
        400,
        { cost: { requested, limit } },
      );
    if (!config.rateLimit) return { plan, requested, bucket: null };
    const bucket = await options.rateLimiter.take(caller.subject, caller.limits.bucket, requested);
    if (!bucket.allowed)
      throw new LimitError(
        'RATE_LIMITED',
        `Rate limit reached; retry in ${bucket.retryAfterSeconds} s`,
        429,
        {
          retryAfterSeconds: bucket.retryAfterSeconds,
          cost: { requested, limit },
          rateLimit: { capacity: caller.limits.bucket.capacity, remaining: 0 },
        },
        { 'retry-after': String(bucket.retryAfterSeconds) },
      );
    return { plan, requested, bucket };
  }

  function report(rc: GraphQLRequestContext<LimitsContext>, cost: RequestCost): void {
    const body = rc.response.body;
    if (body?.kind !== 'single') return;
    const { caller } = rc.contextValue;
    const actual = Math.min(cost.requested, actualCost(cost.plan, body.singleResult.data));
    let remaining = cost.bucket?.remaining;
    // A failed operation is charged in full: errors cost the servers too.
    if (cost.bucket && actual < cost.requested && !body.singleResult.errors) {
      remaining = Math.min(caller.limits.bucket.capacity, (remaining ?? 0) + cost.requested - actual);
      // Not awaited: the refund never delays the response.
      void options.rateLimiter.take(caller.subject, caller.limits.bucket, actual - cost.requested);
    }
    body.singleResult.extensions = {
      ...body.singleResult.extensions,
      cost: { requested: cost.requested, actual, limit: caller.limits.maxCost },
      ...(cost.bucket
        ? {
            rateLimit: {
              capacity: caller.limits.bucket.capacity,
              remaining,
              refillPerSecond: caller.limits.bucket.refillPerSecond,
            },
          }
        : {}),
    };
  }

  function hideSuggestions(errors: readonly GraphQLFormattedError[] | undefined) {
    return errors?.map((e) =>
      SUGGESTION.test(e.message) ? { ...e, message: e.message.replace(SUGGESTION, '') } : e,
    );
  }

  return {
    async requestDidStart() {
      let cost: RequestCost | null = null;
      return {
        async didResolveOperation(rc) {
          cost = await admit(rc);
        },
        async willSendResponse(rc) {
          const body = rc.response.body;
          if (!body) return;
          if (cost) report(rc, cost);
          if (
            body.kind === 'single' &&
            body.singleResult.errors &&
            rc.contextValue.caller.kind === 'anonymous' &&
            !config.anonymousIntrospection
          )
            body.singleResult.errors = hideSuggestions(body.singleResult.errors);
          const failed = body.kind === 'single' && body.singleResult.errors;
          options.metrics.countOperation(rc.operationName, failed ? 'error' : 'ok');
        },
      };
    },
  };
}
