import {
  BeforeApplicationShutdown,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { Worker } from 'bullmq';
import { AppConfig } from '../../config/app-config';
import { quietBlockingConnection, QuietRedisConnection } from '../../queue/quiet-redis-connection';
import { withTimeout } from '../../common/timeout';
import { dispatchJobs, JobHandlers, QUEUES } from '../../queue/job-registry';
import { CLOSE_TIMEOUT_MS } from '../../queue/queue.module';
import { redisConnectionOptions } from '../../queue/redis-connection';
import { RunningJobs } from '../../queue/running-jobs';
import { DeliverProcessor, deliveryBackoff } from './deliver.processor';

// In-flight attempts get this long to finish on SIGTERM before the workers are forced down.
export const SHUTDOWN_GRACE_MS = 25_000;
// A worker that dies (SIGKILL, OOM, lost host) leaves its jobs active until their lock expires
// and a stalled check (cluster-wide, at most once per interval) sees it twice: about
// lock + 2 × interval. BullMQ's 30 s / 30 s defaults delay those deliveries by up to a minute;
// these bound it to ~25 s. The lock is renewed every half lock while the attempt runs, so an
// attempt may take longer than the lock (timeoutMs goes up to 30 s).
export const DELIVERY_LOCK_MS = 15_000;
export const STALLED_CHECK_INTERVAL_MS = 5_000;

// The delivery queue's consumer (worker roles). Created by hand (not decorators) so concurrency
// and the backoff strategy come from the validated config. The sweeper and the retention purge
// run on timers of their own (MaintenanceScheduler), not from a queue.
@Injectable()
export class DeliveryWorkers implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('DeliveryWorkers');
  private readonly workers: Worker[] = [];
  private readonly running = new RunningJobs();

  constructor(
    private readonly config: AppConfig,
    private readonly processor: DeliverProcessor,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const base = {
      connection: redisConnectionOptions(this.config.REDIS_URL),
      prefix: this.config.QUEUE_PREFIX,
    };
    const deliveryHandlers: JobHandlers<typeof QUEUES.deliveries> = {
      deliver: (job, token) => this.processor.process(job, token),
    };
    // Throws (the app does not start) when a job of the queue has no handler.
    const processDelivery = dispatchJobs(QUEUES.deliveries, deliveryHandlers);
    this.workers.push(
      new Worker(
        QUEUES.deliveries,
        (job, token) => this.running.track(() => processDelivery(job, token)),
        {
          ...base,
          concurrency: this.config.WORKER_CONCURRENCY,
          lockDuration: DELIVERY_LOCK_MS,
          stalledInterval: STALLED_CHECK_INTERVAL_MS,
          settings: { backoffStrategy: deliveryBackoff },
        },
        QuietRedisConnection,
      ),
    );
    for (const worker of this.workers) {
      quietBlockingConnection(worker);
      worker.on('error', (error) => this.logger.warn(`${worker.name}: ${error.message}`));
    }
  }

  async beforeApplicationShutdown(): Promise<void> {
    // No new jobs; with Redis there this resolves once the running ones are acknowledged.
    const closed = Promise.all(this.workers.map((worker) => worker.close().catch(() => undefined)));
    // Running attempts get the grace period to finish and be recorded in PostgreSQL.
    const idle = this.running.idle();
    await withTimeout(idle, SHUTDOWN_GRACE_MS, () => undefined);
    // Acknowledging needs Redis: without it, shutdown goes on after a bounded wait.
    await withTimeout(closed, CLOSE_TIMEOUT_MS, () => []);
    for (const worker of this.workers) void worker.close(true).catch(() => undefined);
  }
}
