import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { JobsOptions } from 'bullmq';
import type Redis from 'ioredis';
import { timeoutError, withTimeout } from '../../common/timeout';
import { QUEUES, RegistryQueue, registryJob } from '../../queue/job-registry';
import { PROCESSOR_ERROR_ATTEMPTS } from '../../queue/processor-errors';
import { ScheduledDelivery } from './delivery-trigger';

// The delivery row is the record; jobs only carry ids and are dropped once done.
export const DELIVER_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600, count: 10_000 },
  backoff: { type: 'delivery-schedule' },
};

// A hand-over must not hold a request hostage while Redis is away: the sweeper catches up.
const ENQUEUE_TIMEOUT_MS = 1_000;

@Injectable()
export class DeliveryQueue {
  private readonly logger = new Logger('DeliveryQueue');

  constructor(
    @InjectQueue(QUEUES.deliveries) private readonly queue: RegistryQueue<typeof QUEUES.deliveries>,
  ) {}

  async add(deliveries: ScheduledDelivery[]): Promise<boolean> {
    if (deliveries.length === 0) return true;
    const now = Date.now();
    const jobs = deliveries.map((d) =>
      registryJob(
        'deliver',
        { deliveryId: d.id },
        {
          ...DELIVER_JOB_OPTIONS,
          jobId: d.id,
          delay: Math.max(0, d.scheduledFor.getTime() - now),
          // The service ends a delivery after its own attempts; the rest is room for errors
          // the processor did not mean (processorErrorBackoff).
          attempts: d.maxAttempts + PROCESSOR_ERROR_ATTEMPTS,
        },
      ),
    );
    try {
      // Until its first connection BullMQ holds every command, jobs and all, for as long as Redis
      // is away; waiting for the connection first keeps nothing per hand-over meanwhile.
      await withTimeout<unknown>(
        this.queue.client,
        ENQUEUE_TIMEOUT_MS,
        timeoutError('queue not connected yet'),
      );
      // One job (a conversion firing one rule, the usual case) is one script call; addBulk
      // builds an ioredis pipeline, which copies every BullMQ script onto itself first.
      const added =
        jobs.length === 1
          ? this.queue.add(jobs[0].name, jobs[0].data, jobs[0].opts)
          : this.queue.addBulk(jobs);
      await withTimeout<unknown>(
        added,
        ENQUEUE_TIMEOUT_MS,
        timeoutError('queue did not answer in time'),
      );
      return true;
    } catch (error) {
      this.logger.warn(
        `${deliveries.length} deliveries left for the sweeper: ${(error as Error).message}`,
      );
      return false;
    }
  }

  // The deliveries no live job carries, in one round trip for the lot: no job at all (Redis was
  // down or lost its data), or a failed one (the processor threw). Completed jobs are removed.
  async uncarried(deliveryIds: string[]): Promise<{ missing: string[]; failed: string[] }> {
    const found = { missing: [] as string[], failed: [] as string[] };
    if (deliveryIds.length === 0) return found;
    // BullMQ types its client narrowly; it is the ioredis connection the queue was built with.
    // Bounded like a hand-over: a sweep while Redis is away gives up, the next one tries again.
    const client = (await withTimeout<unknown>(
      this.queue.client,
      ENQUEUE_TIMEOUT_MS,
      timeoutError('queue not connected yet'),
    )) as Redis;
    const pipeline = client.pipeline();
    for (const id of deliveryIds) {
      pipeline.exists(this.queue.toKey(id));
      pipeline.zscore(this.queue.toKey('failed'), id);
    }
    const replies = await withTimeout(
      pipeline.exec(),
      ENQUEUE_TIMEOUT_MS,
      timeoutError('queue did not answer in time'),
    );
    if (replies?.length !== 2 * deliveryIds.length)
      throw new Error('Redis did not answer every job check');
    deliveryIds.forEach((id, i) => {
      const [existsError, exists] = replies[2 * i];
      const [failedError, failedScore] = replies[2 * i + 1];
      if (existsError || failedError) throw existsError ?? failedError;
      if (exists === 0) found.missing.push(id);
      else if (failedScore !== null) found.failed.push(id);
    });
    return found;
  }

  // Hands over deliveries that may have finished before (bulk retry): a failed job left under
  // the same jobId would swallow the add, so those are removed first. A job still live (active,
  // delayed) is left alone; the row's due time lets the sweeper cover it. False: left for the sweeper.
  async readd(deliveries: ScheduledDelivery[]): Promise<boolean> {
    if (deliveries.length === 0) return true;
    try {
      const { failed } = await this.uncarried(deliveries.map((d) => d.id));
      await Promise.all(failed.map((id) => this.queue.remove(id).catch(() => 0)));
    } catch (error) {
      this.logger.warn(
        `${deliveries.length} deliveries left for the sweeper: ${(error as Error).message}`,
      );
      return false;
    }
    return this.add(deliveries);
  }

  // Drops a failed job so the same jobId can be added again.
  async removeStale(deliveryId: string): Promise<void> {
    const job = await this.queue.getJob(deliveryId);
    if (job) await job.remove().catch(() => undefined);
  }
}
