import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { Queue } from 'bullmq';
import type Redis from 'ioredis';
import { timeoutError, withTimeout } from '../timeout';
import { AppConfig } from '../../config/app-config';
import { QUEUES } from '../../queue/job-registry';
import { RateLimiter } from './rate-limiter';

// The same token bucket as RateLimiter (a burst of `perMinute`, refilled evenly over a minute),
// kept in one Redis hash per bucket so every API replica spends from it. A token bucket rather
// than a fixed window: no double burst across a window's edge, and the per-process fallback
// behaves the same. Redis's clock, not the replicas', times the refill. One round trip.
const TAKE_TOKEN_LUA = `
local perMinute = tonumber(ARGV[1])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1]) or perMinute
local at = tonumber(state[2]) or now
tokens = math.min(perMinute, tokens + math.max(0, now - at) * perMinute / 60000)
local waitMs = 0
if tokens >= 1 then
  tokens = tokens - 1
else
  waitMs = math.ceil((1 - tokens) * 60000 / perMinute)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
-- A bucket idle for a minute is full again: forgetting it is the same.
redis.call('PEXPIRE', KEYS[1], 60000)
return waitMs
`;

const COMMAND = 'pmRateLimitTake';
// A request waits at most this long on Redis before its bucket is counted in this process.
export const SHARED_LIMIT_TIMEOUT_MS = 250;
// While Redis is away, one request at most this often tries it again; the others count locally.
const RETRY_REDIS_EVERY_MS = 1_000;

interface RateLimitClient extends Redis {
  [COMMAND](key: string, perMinute: number): Promise<number>;
}

// The management API's per-key (per-session) limit, counted in Redis across every replica, on
// the queues' connection and under QUEUE_PREFIX (one hash slot with the queues on a cluster).
// Redis down or slow: this process's own bucket decides (the limit then multiplies with the
// replicas), logged once per outage; a request never fails because of it.
@Injectable()
export class SharedRateLimiter {
  private readonly logger = new Logger('RateLimit');
  private readonly local: RateLimiter;
  private readonly keyPrefix: string;
  private readonly perMinute: number;
  private readonly defined = new WeakSet<object>();
  // Since when Redis has failed us (null: it answers), and when it was last tried.
  private downSince: number | null = null;
  private lastTried = 0;

  constructor(
    config: AppConfig,
    @InjectQueue(QUEUES.deliveries) private readonly queue: Queue,
  ) {
    this.perMinute = config.API_RATE_LIMIT_PER_MINUTE;
    this.local = new RateLimiter(this.perMinute);
    this.keyPrefix = `${config.QUEUE_PREFIX}:rate-limit:`;
  }

  // Milliseconds to wait before the next request is allowed; 0 = allowed now (and counted).
  async take(bucket: string): Promise<number> {
    if (this.perMinute <= 0) return 0;
    const now = Date.now();
    if (this.downSince !== null && now - this.lastTried < RETRY_REDIS_EVERY_MS)
      return this.local.take(bucket);
    this.lastTried = now;
    try {
      const waitMs = await withTimeout(
        this.takeInRedis(bucket),
        SHARED_LIMIT_TIMEOUT_MS,
        timeoutError(`no answer within ${SHARED_LIMIT_TIMEOUT_MS} ms`),
      );
      if (this.downSince !== null) {
        this.logger.log('Redis answers again: the API rate limit is counted across replicas');
        this.downSince = null;
      }
      return waitMs;
    } catch (error) {
      if (this.downSince === null) {
        this.downSince = now;
        this.logger.warn(
          `Redis unavailable (${(error as Error).message}): the API rate limit is counted ` +
            'per process until it answers',
        );
      }
      return this.local.take(bucket);
    }
  }

  private async takeInRedis(bucket: string): Promise<number> {
    // BullMQ types its client narrowly; it is the queue's ioredis connection, which fails a
    // command at once while disconnected (no offline queue).
    const client = (await this.queue.client) as unknown as RateLimitClient;
    if (!this.defined.has(client)) {
      client.defineCommand(COMMAND, { numberOfKeys: 1, lua: TAKE_TOKEN_LUA });
      this.defined.add(client);
    }
    return Number(await client[COMMAND](this.keyPrefix + bucket, this.perMinute));
  }
}
