/**
 * The limits that run before Apollo Server sees a request, in the gateway's HTTP handler:
 * the safelist of an API key in safelist mode, the query text's length and tokens (no parsing),
 * then — once per distinct text — a parse bounded by `maxTokens` and the shape limits. Apollo
 * Server would call graphql-js's validation, whose overlapping-fields rule is quadratic in
 * repeated fields, before any validation rule of ours could refuse; and errors thrown from its
 * plugins' parsing or validation hooks become 500s. So these refusals happen here, answered with
 * their own status, and a text that passed is remembered by its hash.
 */
import type { ServiceMetrics } from '@jowi/server-kit';
import { parse } from 'graphql';
import type { OperationLimits } from './config.ts';
import { LimitError } from './errors.ts';
import { type SafelistStore, sha256Hex } from './persisted.ts';
import type { Caller } from './plugin.ts';
import { checkShape } from './shape.ts';
import { checkSource } from './source.ts';

/** Hashes of texts that passed (bounded; cleared when full). */
const MAX_KNOWN = 5000;

/** The query text and persisted-query hash of a GraphQL-over-HTTP request (POST body or GET). */
export function requestSource(body: unknown, search: string): { query?: string; hash?: string } {
  const fromBody = (body && typeof body === 'object' ? body : {}) as {
    query?: unknown;
    extensions?: { persistedQuery?: { sha256Hash?: unknown } };
  };
  let { query } = fromBody;
  let extensions = fromBody.extensions;
  if (body === undefined && search) {
    const params = new URLSearchParams(search);
    query = params.get('query') ?? undefined;
    try {
      extensions = JSON.parse(params.get('extensions') ?? 'null') ?? undefined;
    } catch {
      extensions = undefined;
    }
  }
  const hash = extensions?.persistedQuery?.sha256Hash;
  return {
    query: typeof query === 'string' ? query : undefined,
    hash: typeof hash === 'string' ? hash : undefined,
  };
}

export function createSourceGate(options: {
  limits: OperationLimits;
  safelist: SafelistStore | null;
  metrics: ServiceMetrics;
}) {
  const known = new Set<string>();

  async function checkSafelist(caller: Caller, hash: string | undefined, query: string | undefined) {
    if (caller.kind !== 'apikey' || !options.safelist) return;
    const allowed = await options.safelist.hashesOf(caller.identity.subject ?? '');
    if (!allowed) return;
    const wanted = query !== undefined ? sha256Hex(query) : hash;
    if (!wanted || !allowed.has(wanted))
      throw new LimitError(
        'PERSISTED_QUERY_NOT_ALLOWED',
        'This API key may run only the operations on its safelist',
        403,
        wanted ? { sha256Hash: wanted } : {},
      );
  }

  function checkText(query: string): void {
    // The length first: a megabyte is refused before it is even hashed.
    if (query.length > options.limits.queryLength) checkSource(query, options.limits);
    const hash = sha256Hex(query);
    if (known.has(hash)) return;
    checkSource(query, options.limits);
    let document: ReturnType<typeof parse>;
    try {
      options.metrics.documentsParsed.inc();
      document = parse(query, { maxTokens: options.limits.tokens, noLocation: true });
    } catch {
      return; // A syntax error: Apollo Server reports it, with its position.
    }
    const [breach] = checkShape(document, options.limits);
    if (breach) throw breach;
    if (known.size >= MAX_KNOWN) known.clear();
    known.add(hash);
  }

  return {
    /** The refusal of a request, or null when it may go on to Apollo Server. */
    async admit(body: unknown, search: string, caller: Caller): Promise<LimitError | null> {
      const { query, hash } = requestSource(body, search);
      try {
        await checkSafelist(caller, hash, query);
        if (query !== undefined) checkText(query);
        return null;
      } catch (error) {
        if (error instanceof LimitError) return error;
        throw error;
      }
    },
  };
}
