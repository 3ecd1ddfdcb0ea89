import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { JobsOptions } from 'bullmq';
import { addIdJobs, removeJob, uncarriedIds } from '../../queue/id-jobs';
import { QUEUES, RegistryQueue, registryJob } from '../../queue/job-registry';
import { PROCESSOR_ERROR_ATTEMPTS } from '../../queue/processor-errors';
import { ScheduledDelivery } from './delivery-trigger';

// The delivery row is the record; jobs only carry ids and are dropped once done.
export const DELIVER_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600, count: 10_000 },
  backoff: { type: 'delivery-schedule' },
};

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
      await addIdJobs(this.queue, jobs);
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
    return uncarriedIds(this.queue, deliveryIds);
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
  removeStale(deliveryId: string): Promise<void> {
    return removeJob(this.queue, deliveryId);
  }
}
