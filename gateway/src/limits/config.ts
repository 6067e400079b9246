/**
 * Who a caller is for the limits, and what each kind of caller may spend.
 *
 * Callers fall into four budget classes: `anonymous` (per client IP), `staff` (per staff
 * member), `terminal` (per POS terminal: a PIN session on a paired terminal or a terminal's own
 * credentials) and `apikey` (per integrator key). Terminals get their own class because their
 * legitimate bursts are the largest: pulling a 100 000-product catalog through `catalogChanges`
 * in pages of 5 000 (≈ 200 000 points in a few seconds) and catching up a day of offline sales
 * after an outage. Figures and reasons are in docs/api.md ("Limits, cost and rate limits").
 */
import type { Identity } from '@jowi/server-kit';
import type { GatewayEnv } from '../env.ts';

export type CallerClass = 'anonymous' | 'staff' | 'terminal' | 'apikey';

/** A leaky bucket of cost points: it holds `capacity`, and drains `refillPerSecond` per second. */
export interface Bucket {
  capacity: number;
  refillPerSecond: number;
}

export interface ClassLimits {
  /** Largest `/graphql` body, in bytes. */
  bodyBytes: number;
  /** Largest computed cost of one operation. */
  maxCost: number;
  bucket: Bucket;
}

/** Limits on an operation's text and shape, the same for every caller. */
export interface OperationLimits {
  /** UTF-16 length of the query text, checked before anything else. */
  queryLength: number;
  /** Lexical tokens, counted before parsing (and enforced again by the parser). */
  tokens: number;
  aliases: number;
  rootFields: number;
  /** Field selections with fragments expanded. */
  fields: number;
  directives: number;
  /** Inline fragments nested in inline fragments, without a field between them. */
  inlineFragmentNesting: number;
  /** Field levels, fragments flattened (introspection's `__schema` exempt). */
  depth: number;
}

export interface LimitsConfig {
  operation: OperationLimits;
  classes: Record<CallerClass, ClassLimits>;
  /** Off: no rate limiting (costs are still computed, checked and reported). */
  rateLimit: boolean;
  /** Whether anonymous callers may introspect the schema and see "Did you mean" hints. */
  anonymousIntrospection: boolean;
}

const KIB = 1024;
const MIB = 1024 * KIB;

export const DEFAULT_OPERATION_LIMITS: OperationLimits = {
  queryLength: 32 * KIB,
  tokens: 4000,
  aliases: 30,
  rootFields: 20,
  fields: 1500,
  directives: 50,
  inlineFragmentNesting: 3,
  depth: 12,
};

export const DEFAULT_CLASS_LIMITS: Record<CallerClass, ClassLimits> = {
  anonymous: { bodyBytes: 256 * KIB, maxCost: 1000, bucket: { capacity: 5000, refillPerSecond: 100 } },
  staff: { bodyBytes: MIB, maxCost: 25_000, bucket: { capacity: 100_000, refillPerSecond: 2000 } },
  terminal: { bodyBytes: MIB, maxCost: 25_000, bucket: { capacity: 400_000, refillPerSecond: 20_000 } },
  apikey: { bodyBytes: MIB, maxCost: 25_000, bucket: { capacity: 100_000, refillPerSecond: 1000 } },
};

/** The budget class of an identity. */
export function callerClass(identity: Identity): CallerClass {
  if (identity.kind === 'terminal' || (identity.kind === 'staff' && identity.terminalId)) return 'terminal';
  if (identity.kind === 'staff') return 'staff';
  if (identity.kind === 'apikey') return 'apikey';
  return 'anonymous';
}

/** Whose bucket a request drains: the IP, the staff member, the terminal or the key. */
export function bucketSubject(identity: Identity, kind: CallerClass): string {
  switch (kind) {
    case 'anonymous':
      return identity.clientIp ?? 'unknown';
    case 'terminal':
      return `${identity.tenantId}:${identity.terminalId ?? identity.subject}`;
    default:
      return `${identity.tenantId}:${identity.subject}`;
  }
}

/** The web admin's and the POS renderer's development origins. */
export const DEFAULT_CORS_ORIGINS = [
  'http://localhost:3000',
  'http://127.0.0.1:3000',
  'http://localhost:5173',
  'http://127.0.0.1:5173',
];

/** Headers a browser client may send: the POS adds `x-jowi-client-version`. */
export const CORS_ALLOW_HEADERS = [
  'content-type',
  'authorization',
  'x-api-key',
  'x-trace-id',
  'x-jowi-client-version',
  'apollo-require-preflight',
];

/** The limits of a gateway, from its environment over the defaults. */
export function limitsConfig(env: GatewayEnv): LimitsConfig {
  const signedIn = (kind: Exclude<CallerClass, 'anonymous'>, bucket: Bucket | undefined): ClassLimits => ({
    bodyBytes: env.MAX_BODY_BYTES ?? DEFAULT_CLASS_LIMITS[kind].bodyBytes,
    maxCost: env.MAX_QUERY_COST ?? DEFAULT_CLASS_LIMITS[kind].maxCost,
    bucket: bucket ?? DEFAULT_CLASS_LIMITS[kind].bucket,
  });
  return {
    operation: {
      ...DEFAULT_OPERATION_LIMITS,
      depth: env.MAX_QUERY_DEPTH,
      tokens: env.MAX_QUERY_TOKENS ?? DEFAULT_OPERATION_LIMITS.tokens,
    },
    classes: {
      anonymous: {
        bodyBytes: env.MAX_BODY_BYTES_ANONYMOUS ?? DEFAULT_CLASS_LIMITS.anonymous.bodyBytes,
        maxCost: DEFAULT_CLASS_LIMITS.anonymous.maxCost,
        bucket: env.RATE_LIMIT_ANONYMOUS ?? DEFAULT_CLASS_LIMITS.anonymous.bucket,
      },
      staff: signedIn('staff', env.RATE_LIMIT_STAFF),
      terminal: signedIn('terminal', env.RATE_LIMIT_TERMINAL),
      apikey: signedIn('apikey', env.RATE_LIMIT_APIKEY),
    },
    rateLimit: env.RATE_LIMIT ?? true,
    anonymousIntrospection: env.ANONYMOUS_INTROSPECTION ?? env.NODE_ENV !== 'production',
  };
}
