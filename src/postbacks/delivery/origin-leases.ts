import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { AppConfig } from '../../config/app-config';
import { MetricsService } from '../../metrics/metrics.service';
import { redisConnectionOptions } from '../../queue/redis-connection';

// A slot of an origin's limit across every worker process; release() once the request is over.
export interface OriginLease {
  release(): void;
}

// A killed worker's leases are gone this long after its last renewal.
export const LEASE_TTL_MS = 5_000;
// Every live lease of this process is renewed in one call this often (a request may take 30 s).
export const RENEW_EVERY_MS = 1_000;
// A Redis that does not answer within this is treated as away (the per-process limit alone).
const COMMAND_TIMEOUT_MS = 1_000;

// Both scripts read Redis's clock, so the workers' clocks never matter. A set per origin:
// member = lease id, score = when the lease expires (ms).
const NOW_MS = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local ttl = tonumber(ARGV[1])
local function keep(key)
  if redis.call('PTTL', key) < ttl then redis.call('PEXPIRE', key, ttl) end
end`;

// KEYS[1] = the origin's set; ARGV = ttl, limit, lease id. 0 = the origin is full; otherwise
// granted, and how many leases the origin has with this one.
const ACQUIRE_SCRIPT = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
local held = redis.call('ZCARD', KEYS[1])
if held >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
keep(KEYS[1])
return held + 1`;

// KEYS[i] = the set of the lease ARGV[i + 1]. XX: a lease that already expired is not revived
// (its slot may have been given to another request meanwhile).
const RENEW_SCRIPT = `${NOW_MS}
for i, key in ipairs(KEYS) do
  redis.call('ZADD', key, 'XX', now + ttl, ARGV[i + 1])
  keep(key)
end
return #KEYS`;

interface LeaseClient extends Redis {
  acquireOriginLease(key: string, ttlMs: number, limit: number, id: string): Promise<number>;
  renewOriginLeases(...keysThenArgs: (string | number)[]): Promise<number>;
}

// The Redis sorted set of an origin's leases, under the service's queue prefix (one hash slot).
export function originLeasesKey(queuePrefix: string, origin: string): string {
  return `${queuePrefix}:origin-leases:${origin}`;
}

const NO_LEASE: OriginLease = { release: () => undefined };

// A released lease kept for this process's next request to the origin.
interface SpareLease {
  id: string;
  releasedAt: number;
}

// SPEC §8 fairness across processes: at most `limit` requests in flight per origin among all
// workers of the service, counted in Redis with leases that expire unless renewed, so a worker
// that dies gives its slots back within LEASE_TTL_MS. One round trip to acquire, one (not
// awaited) to release, except while the origin has room to spare: a lease granted with the
// origin at most half full is kept on release for the process's next request there (no Redis
// call at all on a busy path far from its limit), and given back after a renewal period
// unused, so a process never sits for long on slots another one may need. Redis away or
// slow: every process falls back to its own limit
// (OriginLimiter) until Redis answers again, said once in the log and in a metric; delivery
// never waits on it. The connection is opened by the first acquire (only workers acquire).
@Injectable()
export class OriginLeases implements OnApplicationShutdown {
  private readonly logger = new Logger('OriginLeases');
  // In every lease id: which process holds a slot is readable in Redis (pid), and unique.
  private readonly processId = `${process.pid}.${randomUUID().slice(0, 8)}`;
  private sequence = 0;
  private client: LeaseClient | null = null;
  private renewTimer: NodeJS.Timeout | null = null;
  private renewing = false;
  // Lease id → its origin's key, for the renewal (spare leases included).
  private readonly live = new Map<string, string>();
  // Origin key → released leases kept for reuse, most recently released last.
  private readonly spare = new Map<string, SpareLease[]>();
  private outage = false;

  constructor(
    private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  // A lease, or 'busy' when the origin's limit is taken; during an outage a lease that counts
  // nowhere (the per-process limit in front is then the only one).
  async acquire(origin: string, limit: number): Promise<OriginLease | 'busy'> {
    if (this.outage) return this.unlimited();
    const key = originLeasesKey(this.config.QUEUE_PREFIX, origin);
    const kept = this.spare.get(key)?.pop();
    if (kept) return { release: () => this.release(kept.id, key, true) };
    const id = `${this.processId}:${++this.sequence}`;
    let granted: number;
    try {
      granted = await this.connection().acquireOriginLease(key, LEASE_TTL_MS, limit, id);
    } catch (error) {
      this.enterOutage(error as Error);
      return this.unlimited();
    }
    if (granted === 0) return 'busy';
    this.live.set(id, key);
    const roomToSpare = granted * 2 <= limit;
    return { release: () => this.release(id, key, roomToSpare) };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.renewTimer) clearInterval(this.renewTimer);
    // Spare leases go back now; leases still in use (a request cut by the shutdown) expire.
    if (this.client && !this.outage) await this.giveBackSpares(() => true).catch(() => undefined);
    this.client?.disconnect();
  }

  private release(id: string, key: string, keep: boolean): void {
    if (!this.live.has(id) || this.outage) {
      this.live.delete(id);
      return;
    }
    if (keep) {
      const spares = this.spare.get(key) ?? [];
      spares.push({ id, releasedAt: performance.now() });
      this.spare.set(key, spares);
      return;
    }
    this.live.delete(id);
    // Sent on the same connection before any later acquire, so a waiter taking this process's
    // local slot next finds the global one free too.
    this.connection()
      .zrem(key, id)
      .catch((error: Error) => this.enterOutage(error));
  }

  // One ZREM per origin for the spare leases `due` picks (by when they were released).
  private async giveBackSpares(due: (releasedAt: number) => boolean): Promise<void> {
    const calls: Promise<number>[] = [];
    for (const [key, spares] of this.spare) {
      const ids = spares.filter((s) => due(s.releasedAt)).map((s) => s.id);
      if (ids.length === 0) continue;
      const left = spares.filter((s) => !due(s.releasedAt));
      if (left.length > 0) this.spare.set(key, left);
      else this.spare.delete(key);
      for (const id of ids) this.live.delete(id);
      calls.push(this.connection().zrem(key, ...ids));
    }
    await Promise.all(calls);
  }

  private unlimited(): OriginLease {
    this.metrics.originLimitFallbacks.inc();
    return NO_LEASE;
  }

  private connection(): LeaseClient {
    if (this.client) return this.client;
    // The offline queue holds commands while (re)connecting; the timeout bounds their wait.
    const client = new Redis({
      ...redisConnectionOptions(this.config.REDIS_URL),
      commandTimeout: COMMAND_TIMEOUT_MS,
    }) as LeaseClient;
    client.defineCommand('acquireOriginLease', { numberOfKeys: 1, lua: ACQUIRE_SCRIPT });
    client.defineCommand('renewOriginLeases', { lua: RENEW_SCRIPT });
    client.on('error', (error: Error) => this.enterOutage(error));
    this.client = client;
    this.renewTimer = setInterval(() => void this.renew(), RENEW_EVERY_MS);
    this.renewTimer.unref();
    return client;
  }

  // Keeps this process's leases alive; during an outage, the probe that ends it.
  private async renew(): Promise<void> {
    if (this.renewing || !this.client) return;
    this.renewing = true;
    const unusedSince = performance.now() - RENEW_EVERY_MS;
    try {
      await this.giveBackSpares((releasedAt) => releasedAt <= unusedSince);
      const keys = [...this.live.values()];
      const ids = [...this.live.keys()];
      await this.client.renewOriginLeases(keys.length, ...keys, LEASE_TTL_MS, ...ids);
      this.leaveOutage();
    } catch (error) {
      this.enterOutage(error as Error);
    } finally {
      this.renewing = false;
    }
  }

  private enterOutage(error: Error): void {
    if (this.outage) return;
    this.outage = true;
    // Their slots expire in Redis; after the outage every lease is taken afresh.
    for (const spares of this.spare.values()) for (const { id } of spares) this.live.delete(id);
    this.spare.clear();
    this.metrics.originLimitFallback.set(1);
    this.logger.warn(
      `Redis unavailable (${error.message}): per-origin limits are per process until it answers`,
    );
  }

  private leaveOutage(): void {
    if (!this.outage) return;
    this.outage = false;
    this.metrics.originLimitFallback.set(0);
    this.logger.log('Redis answers again: per-origin limits are global again');
  }
}
