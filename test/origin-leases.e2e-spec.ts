import { Logger } from '@nestjs/common';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomToken } from '../src/common/ids';
import { AppConfig } from '../src/config/app-config';
import { MetricsService } from '../src/metrics/metrics.service';
import {
  LEASE_TTL_MS,
  OriginLeases,
  originLeasesKey,
  RENEW_EVERY_MS,
} from '../src/postbacks/delivery/origin-leases';
import { deleteRedisKeys, REDIS_URL } from './helpers/backing-services';
import { eventually } from './helpers/receiver';
import { TcpProxy } from './helpers/tcp-proxy';

// The leases behind the global per-origin limit, on the real Redis: each OriginLeases below
// stands for one worker process (its own connection, lease ids and renewal timer).

const ORIGIN = 'https://trk.example';
let prefix: string;
let opened: OriginLeases[] = [];
let proxy: TcpProxy | null = null;
let inspector: Redis | null = null;

// The lease ids Redis holds for ORIGIN, as another process would count them.
async function leaseIds(): Promise<string[]> {
  inspector ??= new Redis(REDIS_URL);
  return inspector.zrange(originLeasesKey(prefix, ORIGIN), 0, -1);
}

function granted<T>(lease: T | 'busy'): T {
  expect(lease).not.toBe('busy');
  return lease as T;
}

function leases(redisUrl = REDIS_URL): { leases: OriginLeases; metrics: MetricsService } {
  const config = Object.assign(new AppConfig(), { REDIS_URL: redisUrl, QUEUE_PREFIX: prefix });
  // The queue is read only by a scrape's queue gauge, which these tests never take.
  const metrics = new MetricsService({} as Queue);
  const created = new OriginLeases(config, metrics);
  opened.push(created);
  return { leases: created, metrics };
}

async function metricValue(metric: { get(): Promise<{ values: { value: number }[] }> }) {
  return (await metric.get()).values[0]?.value ?? 0;
}

beforeEach(() => {
  prefix = `{pmleases-${randomToken(6)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, 'x')}}`;
});

afterEach(async () => {
  await Promise.all(opened.map((l) => l.onApplicationShutdown()));
  opened = [];
  await proxy?.stop();
  proxy = null;
  inspector?.disconnect();
  inspector = null;
  await deleteRedisKeys(REDIS_URL, prefix);
  jest.restoreAllMocks();
});

describe('OriginLeases', () => {
  it('holds the limit across processes, per origin, and frees a slot on release', async () => {
    const a = leases().leases;
    const b = leases().leases;
    const first = await a.acquire(ORIGIN, 2);
    const second = await b.acquire(ORIGIN, 2);
    expect(first).not.toBe('busy');
    expect(second).not.toBe('busy');
    expect(await a.acquire(ORIGIN, 2)).toBe('busy');
    expect(await b.acquire(ORIGIN, 2)).toBe('busy');
    // Another origin has its own slots.
    expect(await b.acquire('https://other.example', 2)).not.toBe('busy');

    (first as Exclude<typeof first, 'busy'>).release();
    // The release is not awaited; the next acquire goes out after it on the same connection.
    expect(await a.acquire(ORIGIN, 2)).not.toBe('busy');
    expect(await b.acquire(ORIGIN, 2)).toBe('busy');
  });

  it("gives a dead process's slots back once its leases expire, and renews live ones", async () => {
    const live = leases().leases;
    const dying = leases().leases;
    const kept = await live.acquire(ORIGIN, 2);
    expect(kept).not.toBe('busy');
    const dyingAcquiredAt = Date.now();
    expect(await dying.acquire(ORIGIN, 2)).not.toBe('busy');
    // As SIGKILL would: no release, no more renewals.
    await dying.onApplicationShutdown();
    expect(await live.acquire(ORIGIN, 2)).toBe('busy');

    await eventually(
      async () => (await live.acquire(ORIGIN, 2)) !== 'busy',
      LEASE_TTL_MS * 4,
      "the dead process's slot",
    );
    // It came back by expiring, not earlier (the lease was taken after dyingAcquiredAt).
    expect(Date.now() - dyingAcquiredAt).toBeGreaterThanOrEqual(LEASE_TTL_MS);
    const regainedAt = Date.now();

    // Both of the live process's leases outlive their TTL through renewals: the origin stays full.
    await eventually(
      async () => Date.now() - regainedAt > LEASE_TTL_MS + 1_000,
      LEASE_TTL_MS * 4,
      'a lease TTL to pass',
    );
    expect(await live.acquire(ORIGIN, 2)).toBe('busy');
  }, 60_000);

  it('falls back to no global limit while Redis is away, says so once, and recovers', async () => {
    proxy = await TcpProxy.forUrl(REDIS_URL, 6379);
    const { leases: cut, metrics } = leases(proxy.rewrite(REDIS_URL));
    const other = leases().leases;
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);

    expect(await other.acquire(ORIGIN, 1)).not.toBe('busy');
    expect(await cut.acquire(ORIGIN, 1)).toBe('busy');
    expect(await metricValue(metrics.originLimitFallback)).toBe(0);

    proxy.pause();
    // Never blocks: the origin is full in Redis, yet every request goes (bounded by the
    // per-process limit in front of it, OriginSlots).
    for (let i = 0; i < 5; i++) expect(await cut.acquire(ORIGIN, 1)).not.toBe('busy');
    expect(await metricValue(metrics.originLimitFallback)).toBe(1);
    expect(await metricValue(metrics.originLimitFallbacks)).toBe(5);
    const outageWarnings = warn.mock.calls.filter(([m]) => /Redis unavailable/.test(String(m)));
    expect(outageWarnings).toHaveLength(1);

    proxy.resume();
    await eventually(
      async () => (await metricValue(metrics.originLimitFallback)) === 0,
      20_000,
      'the limit to be global again',
    );
    expect(await cut.acquire(ORIGIN, 1)).toBe('busy');
  }, 60_000);

  it("keeps a lease released far from the limit for its process's next request, then gives it back unused", async () => {
    const a = leases().leases;
    granted(await a.acquire(ORIGIN, 4)).release();
    const [kept] = await leaseIds();
    expect(kept).toBeDefined();

    // The next request reuses it: no new lease in Redis.
    const reused = granted(await a.acquire(ORIGIN, 4));
    expect(await leaseIds()).toEqual([kept]);
    reused.release();
    const releasedAt = Date.now();

    // Unused for a renewal period, it goes back: another process may need the slot.
    await eventually(async () => (await leaseIds()).length === 0, RENEW_EVERY_MS * 5, 'spare');
    expect(Date.now() - releasedAt).toBeGreaterThanOrEqual(RENEW_EVERY_MS - 100);
  }, 30_000);

  it('gives a lease back at once when the origin was more than half full', async () => {
    const a = leases().leases;
    const b = leases().leases;
    const roomy = granted(await a.acquire(ORIGIN, 2));
    const crowded = granted(await a.acquire(ORIGIN, 2));
    expect(await b.acquire(ORIGIN, 2)).toBe('busy');
    crowded.release();
    await eventually(async () => (await leaseIds()).length === 1, 1_000, 'the release');
    expect(await b.acquire(ORIGIN, 2)).not.toBe('busy');

    // The one granted at half the limit is kept for a's next request, so b must wait for it.
    roomy.release();
    expect(await b.acquire(ORIGIN, 2)).toBe('busy');
    await eventually(
      async () => (await b.acquire(ORIGIN, 2)) !== 'busy',
      RENEW_EVERY_MS * 5,
      "a's unused lease",
    );
  }, 30_000);

  it('gives spare leases back on shutdown', async () => {
    const a = leases().leases;
    granted(await a.acquire(ORIGIN, 4)).release();
    expect(await leaseIds()).toHaveLength(1);
    await a.onApplicationShutdown();
    expect(await leaseIds()).toEqual([]);
  });
});
