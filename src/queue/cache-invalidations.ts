import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { withTimeout } from '../common/timeout';
import { AppConfig } from '../config/app-config';
import { QUEUES } from './job-registry';
import { redisConnectionOptions } from './redis-connection';

export type CachedKind = 'rules' | 'offer' | 'publisher' | 'advertiser';

interface Invalidation {
  from: string;
  kind: CachedKind;
  id?: number;
}

const PUBLISH_TIMEOUT_MS = 1_000;
const ERROR_LOG_EVERY_MS = 30_000;

// Tells every process of the service (ROLE=all's workers, api and worker replicas) that a
// cached rule or catalog entry changed, over Redis pub/sub, so a fixed rule is what the next
// attempt sends. This process drops its own entry at once; the others when the message arrives.
// Redis away: the caches' short TTL (5 s) is the bound, as before.
@Injectable()
export class CacheInvalidations implements OnApplicationShutdown {
  private readonly logger = new Logger('CacheInvalidations');
  private readonly origin = randomUUID();
  private readonly channel: string;
  private readonly handlers = new Map<CachedKind, ((id?: number) => void)[]>();
  private subscriber: Redis | null = null;
  private lastErrorLogged = 0;

  constructor(
    private readonly config: AppConfig,
    @InjectQueue(QUEUES.deliveries) private readonly queue: Queue,
  ) {
    this.channel = `${config.QUEUE_PREFIX}:cache-invalidations`;
  }

  on(kind: CachedKind, handler: (id?: number) => void): void {
    if (this.handlers.size === 0) this.subscribe();
    this.handlers.set(kind, [...(this.handlers.get(kind) ?? []), handler]);
  }

  invalidate(kind: CachedKind, id?: number): void {
    this.deliver(kind, id);
    const message: Invalidation = { from: this.origin, kind, id };
    void withTimeout<unknown>(
      // BullMQ types its client narrowly; it is the queue's ioredis connection.
      this.queue.client.then((client) =>
        (client as unknown as Redis).publish(this.channel, JSON.stringify(message)),
      ),
      PUBLISH_TIMEOUT_MS,
      () => undefined,
    ).catch((error: Error) => this.warn(`not published: ${error.message}`));
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscriber?.disconnect();
  }

  private subscribe(): void {
    const subscriber = new Redis({
      ...redisConnectionOptions(this.config.REDIS_URL),
      lazyConnect: false,
    });
    subscriber.on('error', (error) => this.warn(error.message));
    subscriber.on('message', (_channel: string, text: string) => {
      const message = parse(text);
      if (message && message.from !== this.origin) this.deliver(message.kind, message.id);
    });
    subscriber.subscribe(this.channel).catch((error: Error) => this.warn(error.message));
    this.subscriber = subscriber;
  }

  private deliver(kind: CachedKind, id?: number): void {
    for (const handler of this.handlers.get(kind) ?? []) handler(id);
  }

  private warn(message: string): void {
    if (Date.now() - this.lastErrorLogged < ERROR_LOG_EVERY_MS) return;
    this.lastErrorLogged = Date.now();
    this.logger.warn(`cache invalidations: ${message}`);
  }
}

function parse(text: string): Invalidation | null {
  try {
    const message = JSON.parse(text) as Invalidation;
    return typeof message.from === 'string' && typeof message.kind === 'string' ? message : null;
  } catch {
    return null;
  }
}
