import type { RedisOptions } from 'ioredis';

// BullMQ connection options from REDIS_URL. maxRetriesPerRequest: null is required by workers.
// `producer`: a queue that only adds and reads jobs. Its commands fail at once while Redis is
// disconnected instead of piling up in memory for the whole outage; what it could not hand
// over, the sweeper does once Redis is back. Workers keep the offline queue (BullMQ's advice).
export function redisConnectionOptions(redisUrl: string, producer = false): RedisOptions {
  const url = new URL(redisUrl);
  const db = url.pathname.length > 1 ? Number(url.pathname.slice(1)) : 0;
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : 6379,
    username: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: url.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    enableOfflineQueue: !producer,
  };
}
