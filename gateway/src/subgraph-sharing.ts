/**
 * In-flight sharing of identical read-only subgraph fetches.
 *
 * When several callers send the same read at the same moment (fifty terminals of one shop
 * opening the catalog), the gateway sends it to the subgraph once and hands each caller its own
 * copy of the answer. What may be shared is decided here, by a *scope* the data source computes
 * for each fetch; the fetcher (subgraph-fetcher.ts) joins a fetch only when the subgraph URL,
 * the scope and the request body (query text and variables) are all equal:
 *
 * - only fetches of a `query` operation: never a mutation's (nor the entity reads that follow a
 *   mutation in its plan), never a subscription's;
 * - never across tenants, never across different roles, permissions or caller kinds;
 * - across people (subject, terminal, IP) only for the subgraphs whose reads do not look at who
 *   is asking beyond tenant and permissions ({@link SUBJECT_FREE_SUBGRAPHS}, guarded by a test
 *   that scans their sources); for every other subgraph the whole identity is in the scope, so
 *   only one caller's own identical concurrent fetches are joined;
 * - only while the fetch is in flight: the entry is dropped when it settles, so nothing — an
 *   answer or an error — is remembered for the next request;
 * - a write of a tenant through this gateway starts a new generation of that tenant's scopes:
 *   a read sent after a caller's mutation has returned never joins a fetch that began before it
 *   (read-your-writes holds on one gateway instance).
 */
import type { Identity } from '@jowi/server-kit';

/**
 * Subgraphs whose read resolvers use only the tenant and the permissions of the caller (not its
 * subject, terminal or IP), so one answer serves every caller with the same roles and
 * permissions. `subgraph-sharing.spec.ts` fails when their sources start reading the others.
 */
export const SUBJECT_FREE_SUBGRAPHS: ReadonlySet<string> = new Set(['catalog', 'inventory']);

export interface SubgraphSharing {
  /** The sharing scope of one fetch, or null when it must not be shared. */
  scope(subgraph: string, identity: Identity | undefined, operation: string | undefined): string | null;
  /** A write of `tenantId` went through: later reads never join earlier ones. */
  wrote(tenantId: string | null | undefined): void;
}

export function createSubgraphSharing(): SubgraphSharing {
  const generations = new Map<string, number>();
  // Roles and permissions sorted once per identity object (one per request).
  const grants = new WeakMap<Identity, string>();
  const grantsOf = (identity: Identity) => {
    let value = grants.get(identity);
    if (value === undefined) {
      value = JSON.stringify([identity.kind, [...identity.roles].sort(), [...identity.permissions].sort()]);
      grants.set(identity, value);
    }
    return value;
  };
  return {
    scope(subgraph, identity, operation) {
      if (operation !== 'query' || !identity?.tenantId) return null;
      const generation = generations.get(identity.tenantId) ?? 0;
      const who = SUBJECT_FREE_SUBGRAPHS.has(subgraph)
        ? grantsOf(identity)
        : JSON.stringify([
            grantsOf(identity),
            identity.subject,
            identity.terminalId ?? null,
            identity.clientIp ?? null,
          ]);
      return `${identity.tenantId}|${generation}|${who}`;
    },
    wrote(tenantId) {
      if (!tenantId) return;
      generations.set(tenantId, (generations.get(tenantId) ?? 0) + 1);
    },
  };
}
