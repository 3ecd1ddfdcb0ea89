import { LookupCache } from './lookup-cache';

const TTL_MS = 5_000;

// Keys 1..KNOWN exist; every other key does not.
function setup(known = 100) {
  let now = 1_000_000; // lru-cache treats a start time of 0 as "no TTL"
  const loads: number[] = [];
  const cache = new LookupCache<number, { id: number }>(
    (id) => {
      loads.push(id);
      return Promise.resolve(id >= 1 && id <= known ? { id } : null);
    },
    { ttlMs: TTL_MS, maxKnown: 1_000, maxMissing: 100, now: () => now },
  );
  const loadsOf = (id: number) => loads.filter((l) => l === id).length;
  return { cache, loads, loadsOf, advance: (ms: number) => (now += ms) };
}

describe('LookupCache', () => {
  it('keeps every known key cached through a flood of 100,000 unknown keys', async () => {
    const { cache, loads } = setup(100);
    for (let id = 1; id <= 100; id++) expect(await cache.get(id)).toEqual({ id });
    expect(loads).toHaveLength(100);

    for (let id = 1_000_000; id < 1_100_000; id++) expect(await cache.get(id)).toBeNull();
    expect(loads).toHaveLength(100 + 100_000);

    for (let id = 1; id <= 100; id++) expect(await cache.get(id)).toEqual({ id });
    expect(loads).toHaveLength(100 + 100_000);
  });

  it('remembers an unknown key too, until the TTL', async () => {
    const { cache, loadsOf, advance } = setup();
    expect(await cache.get(-1)).toBeNull();
    expect(await cache.get(-1)).toBeNull();
    expect(loadsOf(-1)).toBe(1);
    advance(TTL_MS + 1);
    expect(await cache.get(-1)).toBeNull();
    expect(loadsOf(-1)).toBe(2);
  });

  it('reloads a known key once its TTL has passed', async () => {
    const { cache, loadsOf, advance } = setup();
    await cache.get(1);
    advance(TTL_MS - 10);
    await cache.get(1);
    expect(loadsOf(1)).toBe(1);
    advance(20);
    expect(await cache.get(1)).toEqual({ id: 1 });
    expect(loadsOf(1)).toBe(2);
  });

  it('evicts the least recently used known key when full, not all of them', async () => {
    const { cache, loadsOf } = setup(2_000);
    for (let id = 1; id <= 1_000; id++) await cache.get(id);
    await cache.get(1); // 1 is now the most recently used, 2 the least
    await cache.get(1_001);
    await cache.get(1);
    await cache.get(3);
    expect(loadsOf(1)).toBe(1);
    expect(loadsOf(3)).toBe(1);
    await cache.get(2);
    expect(loadsOf(2)).toBe(2);
  });

  it('shares one load between concurrent misses of a key', async () => {
    const { cache, loadsOf } = setup();
    const results = await Promise.all([cache.get(1), cache.get(1), cache.get(1)]);
    expect(results).toEqual([{ id: 1 }, { id: 1 }, { id: 1 }]);
    expect(loadsOf(1)).toBe(1);
  });

  it('delete and clear make the next lookup load again, known or unknown', async () => {
    const { cache, loadsOf } = setup();
    await cache.get(1);
    await cache.get(2);
    await cache.get(-1);
    cache.delete(1);
    cache.delete(-1);
    await cache.get(1);
    await cache.get(2);
    await cache.get(-1);
    expect([loadsOf(1), loadsOf(2), loadsOf(-1)]).toEqual([2, 1, 2]);
    cache.clear();
    await cache.get(2);
    await cache.get(-1);
    expect([loadsOf(2), loadsOf(-1)]).toEqual([2, 3]);
  });

  it('does not keep a value whose load was under way when the key was invalidated', async () => {
    let release!: (value: { v: number }) => void;
    let loads = 0;
    const cache = new LookupCache<string, { v: number }>(
      () => {
        loads++;
        return loads === 1
          ? new Promise((resolve) => (release = resolve))
          : Promise.resolve({ v: loads });
      },
      { ttlMs: TTL_MS, maxKnown: 10, maxMissing: 10 },
    );
    const stale = cache.get('k');
    cache.delete('k');
    release({ v: 1 });
    expect(await stale).toEqual({ v: 1 });
    expect(await cache.get('k')).toEqual({ v: 2 });
    expect(await cache.get('k')).toEqual({ v: 2 });
    expect(loads).toBe(2);
  });
});
