import { LRUCache } from 'lru-cache';

export interface LookupCacheOptions {
  ttlMs: number;
  // Keys that exist: the ones real traffic uses.
  maxKnown: number;
  // Keys that do not exist: kept apart and smaller, so a flood of made-up keys on a public path
  // evicts only other made-up keys, never a known one.
  maxMissing: number;
  // Clock for TTLs; tests pass their own.
  now?: () => number;
}

// Read-through cache for lookups by key on hot paths: least recently used entries go first,
// every entry expires after ttlMs, and concurrent misses for one key share a single load.
export class LookupCache<K extends NonNullable<unknown>, V extends NonNullable<unknown>> {
  private readonly known: LRUCache<K, V>;
  private readonly missing: LRUCache<K, true>;
  private readonly pending = new Map<K, Promise<V | null>>();

  constructor(
    private readonly load: (key: K) => Promise<V | null>,
    options: LookupCacheOptions,
  ) {
    // A clock of their own is read every time; the default one at most once a millisecond.
    const clock = options.now ? { perf: { now: options.now }, ttlResolution: 0 } : {};
    this.known = new LRUCache({ max: options.maxKnown, ttl: options.ttlMs, ...clock });
    this.missing = new LRUCache({ max: options.maxMissing, ttl: options.ttlMs, ...clock });
  }

  get(key: K): Promise<V | null> {
    const hit = this.known.get(key);
    if (hit !== undefined) return Promise.resolve(hit);
    if (this.missing.get(key) !== undefined) return Promise.resolve(null);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const loading = this.load(key)
      .then((value) => {
        // Invalidated while loading: the value may predate the change, so it is not kept.
        if (this.pending.get(key) !== loading) return value;
        if (value === null) this.missing.set(key, true);
        else this.known.set(key, value);
        return value;
      })
      .finally(() => {
        if (this.pending.get(key) === loading) this.pending.delete(key);
      });
    this.pending.set(key, loading);
    return loading;
  }

  delete(key: K): void {
    this.known.delete(key);
    this.missing.delete(key);
    this.pending.delete(key);
  }

  clear(): void {
    this.known.clear();
    this.missing.clear();
    this.pending.clear();
  }
}
