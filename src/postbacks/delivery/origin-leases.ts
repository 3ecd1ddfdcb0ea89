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

// KEYS[1] = the origin's set; ARGV = ttl, limit, lease id. 1 = granted, 0 = the origin is full.
const ACQUIRE_SCRIPT = `${NOW_MS}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + ttl, ARGV[3])
keep(KEYS[1])
return 1`;

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

// SPEC §8 fairness across processes: at most `limit` requests in flight per origin among all
// workers of the service, counted in Redis with leases that expire unless renewed, so a worker
// that dies gives its slots back within LEASE_TTL_MS. One round trip to acquire, one (not
// awaited) to release. Redis away or slow: every process falls back to its own limit
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
  // Lease id → its origin's key, for the renewal.
  private readonly live = new Map<string, string>();
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
    const id = `${this.processId}:${++this.sequence}`;
    let granted: number;
    try {
      granted = await this.connection().acquireOriginLease(key, LEASE_TTL_MS, limit, id);
    } catch (error) {
      this.enterOutage(error as Error);
      return this.unlimited();
    }
    if (granted !== 1) return 'busy';
    this.live.set(id, key);
    return { release: () => this.release(id, key) };
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.renewTimer) clearInterval(this.renewTimer);
    // Leases still live (a request cut by the shutdown) expire on their own.
    this.client?.disconnect();
  }

  private release(id: string, key: string): void {
    if (!this.live.delete(id) || this.outage) return;
    // Sent on the same connection before any later acquire, so a waiter taking this process's
    // local slot next finds the global one free too.
    this.connection()
      .zrem(key, id)
      .catch((error: Error) => this.enterOutage(error));
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
    const keys = [...this.live.values()];
    const ids = [...this.live.keys()];
    try {
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
