import type { CachedKind, CacheInvalidations } from '../../src/queue/cache-invalidations';

// For unit tests of the caches: what CacheInvalidations does within one process, without Redis.
export function inProcessInvalidations(): CacheInvalidations {
  const handlers = new Map<CachedKind, ((id?: number) => void)[]>();
  return {
    on: (kind: CachedKind, handler: (id?: number) => void) =>
      handlers.set(kind, [...(handlers.get(kind) ?? []), handler]),
    invalidate: (kind: CachedKind, id?: number) => handlers.get(kind)?.forEach((h) => h(id)),
  } as unknown as CacheInvalidations;
}
