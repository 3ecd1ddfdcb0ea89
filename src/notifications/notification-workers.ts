import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Worker } from 'bullmq';
import { withTimeout } from '../common/timeout';
import { AppConfig } from '../config/app-config';
import { deliveryBackoff } from '../postbacks/delivery/deliver.processor';
import { SHUTDOWN_GRACE_MS } from '../postbacks/delivery/delivery-workers';
import { dispatchJobs, JobHandlers, QUEUES } from '../queue/job-registry';
import { quietBlockingConnection, QuietRedisConnection } from '../queue/quiet-redis-connection';
import { redisConnectionOptions } from '../queue/redis-connection';
import { RunningJobs } from '../queue/running-jobs';
import { NotifyProcessor } from './notify.processor';

// Notifications are few (rate-limited, one per endpoint per event): a handful at once is plenty,
// and leaves the worker's slots to deliveries.
const NOTIFY_CONCURRENCY = 4;
const NOTIFY_CLOSE_WAIT_MS = 1_000;

// The notifications queue's consumer (worker roles).
@Injectable()
export class NotificationWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('NotificationWorkers');
  private worker: Worker | null = null;
  private readonly running = new RunningJobs();

  constructor(
    private readonly config: AppConfig,
    private readonly processor: NotifyProcessor,
  ) {}

  onApplicationBootstrap(): void {
    const handlers: JobHandlers<typeof QUEUES.notifications> = {
      notify: (job) => this.processor.process(job),
    };
    // Throws (the app does not start) when a job of the queue has no handler.
    const process = dispatchJobs(QUEUES.notifications, handlers);
    const worker = new Worker(
      QUEUES.notifications,
      (job) => this.running.track(() => process(job)),
      {
        connection: redisConnectionOptions(this.config.REDIS_URL),
        prefix: this.config.QUEUE_PREFIX,
        concurrency: NOTIFY_CONCURRENCY,
        settings: { backoffStrategy: deliveryBackoff },
      },
      QuietRedisConnection,
    );
    quietBlockingConnection(worker);
    worker.on('error', (error) => this.logger.warn(`${worker.name}: ${error.message}`));
    this.worker = worker;
  }

  // Running attempts get the delivery workers' grace to finish (each within its timeout); one cut
  // short is retried from PostgreSQL by the sweeper. Closing needs Redis: it gets a short wait
  // only, since shutdown hooks run one module after another and the delivery workers already
  // waited for Redis. A job left unacknowledged is run again and finds its row already sent
  // (NotificationStore.claim), so nothing goes out twice.
  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    const closed = worker.close().catch(() => undefined);
    const idle = this.running.idle();
    await withTimeout(idle, SHUTDOWN_GRACE_MS, () => undefined);
    await withTimeout(closed, NOTIFY_CLOSE_WAIT_MS, () => undefined);
    void worker.close(true).catch(() => undefined);
  }
}
