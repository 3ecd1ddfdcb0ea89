import { getQueueToken } from '@nestjs/bullmq';
import {
  Inject,
  Injectable,
  Logger,
  Module,
  OnApplicationShutdown,
  Provider,
} from '@nestjs/common';
import { Queue } from 'bullmq';
import { withTimeout } from '../common/timeout';
import { AppConfig } from '../config/app-config';
import { CacheInvalidations } from './cache-invalidations';
import { QuietRedisConnection } from './quiet-redis-connection';
import { QUEUES, QueueName } from './job-registry';
import { redisConnectionOptions } from './redis-connection';

const ERROR_LOG_EVERY_MS = 30_000;
// How long shutdown waits on each step that needs Redis.
export const CLOSE_TIMEOUT_MS = 5_000;

// Queues are built here (under @nestjs/bullmq's tokens, so @InjectQueue works) to listen for
// 'error' from the moment they exist: an unheard 'error' is thrown, and a Redis that is down at
// boot must never take the API with it (SPEC §8).
function createQueue(name: QueueName, config: AppConfig): Queue {
  const queue = new Queue(
    name,
    {
      connection: redisConnectionOptions(config.REDIS_URL, true),
      prefix: config.QUEUE_PREFIX,
    },
    QuietRedisConnection,
  );
  const logger = new Logger('Queues');
  let lastLogged = 0;
  queue.on('error', (error) => {
    if (Date.now() - lastLogged < ERROR_LOG_EVERY_MS) return;
    lastLogged = Date.now();
    logger.warn(`${name}: ${error.message}`);
  });
  return queue;
}

const QUEUE_PROVIDERS: Provider[] = Object.values(QUEUES).map((name) => ({
  provide: getQueueToken(name),
  inject: [AppConfig],
  useFactory: (config: AppConfig) => createQueue(name, config),
}));

@Injectable()
class QueueCloser implements OnApplicationShutdown {
  private readonly queues: Queue[];

  constructor(
    @Inject(getQueueToken(QUEUES.deliveries)) deliveries: Queue,
    @Inject(getQueueToken(QUEUES.notifications)) notifications: Queue,
  ) {
    this.queues = [deliveries, notifications];
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((queue) => closeOrDisconnect(queue)));
  }
}

// close() waits for Redis; when Redis is gone it never answers, and the client would go on
// reconnecting (and emitting errors nobody hears) after shutdown: disconnect() stops it. That
// one waits for the connection's 'end', which a client refused while reconnecting may never
// emit, so it is bounded too: shutdown must not wait for Redis to come back.
export async function closeOrDisconnect(client: {
  close(): Promise<void>;
  disconnect(): Promise<void>;
}): Promise<void> {
  const closed = await withTimeout(
    client.close().then(
      () => true,
      () => false,
    ),
    CLOSE_TIMEOUT_MS,
    () => false,
  );
  const disconnected = client.disconnect().catch(() => undefined);
  if (!closed) await withTimeout(disconnected, CLOSE_TIMEOUT_MS, () => undefined);
}

// Producers are available in every role; consumers are registered only in worker roles.
// CacheInvalidations rides on the same Redis: one subscriber connection per process.
@Module({
  providers: [...QUEUE_PROVIDERS, QueueCloser, CacheInvalidations],
  exports: [
    ...QUEUE_PROVIDERS.map((provider) => (provider as { provide: string }).provide),
    CacheInvalidations,
  ],
})
export class QueueModule {}
