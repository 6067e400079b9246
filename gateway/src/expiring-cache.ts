/**
 * The gateway's in-memory caches (API-key verdicts, access-token verdicts, signed subgraph
 * identities): entries live until an instant their owner chooses, and the cache is bounded —
 * at `maxEntries` the oldest entry goes, so a flood of distinct keys costs recomputation, never
 * memory. Callers pick what to key by (digests of secrets, never the secrets themselves).
 */
export class ExpiringCache<V> {
  private readonly entries = new Map<string, { value: V; until: number }>();

  constructor(private readonly maxEntries: number) {}

  /** The value stored under `key` if it is still valid at `now` (expired entries are dropped). */
  get(key: string, now: number): V | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.until > now) return hit.value;
    this.entries.delete(key);
    return undefined;
  }

  /** Stores `value` under `key`, valid while the clock is before `until` (epoch ms). */
  set(key: string, value: V, until: number): void {
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { value, until });
  }

  /** Forgets `key` if it still holds `value` (a newer value stored meanwhile stays). */
  deleteIf(key: string, value: V): void {
    if (this.entries.get(key)?.value === value) this.entries.delete(key);
  }
}
