import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger } from '@nestjs/common';
import { JobsOptions } from 'bullmq';
import { addIdJobs, removeJob, uncarriedIds } from '../queue/id-jobs';
import { QUEUES, RegistryQueue, registryJob } from '../queue/job-registry';
import { PROCESSOR_ERROR_ATTEMPTS } from '../queue/processor-errors';

// Attempts of one notification: the SPEC §8 schedule's length, about a day of retries.
export const NOTIFICATION_MAX_ATTEMPTS = 8;

const NOTIFY_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: { age: 24 * 3600, count: 10_000 },
  backoff: { type: 'delivery-schedule' },
  // The service ends a notification after its own attempts; the rest is room for errors the
  // processor did not mean.
  attempts: NOTIFICATION_MAX_ATTEMPTS + PROCESSOR_ERROR_ATTEMPTS,
};

export interface DueNotification {
  id: string;
  dueAt: Date;
}

// The notifications queue: a job carries the notification's id only (jobId = the id); the body
// and the endpoint's secret stay in PostgreSQL.
@Injectable()
export class NotificationQueue {
  private readonly logger = new Logger('NotificationQueue');

  constructor(
    @InjectQueue(QUEUES.notifications)
    private readonly queue: RegistryQueue<typeof QUEUES.notifications>,
  ) {}

  // Never throws: false = left for the sweeper.
  async add(due: DueNotification[]): Promise<boolean> {
    if (due.length === 0) return true;
    const now = Date.now();
    const jobs = due.map((n) =>
      registryJob(
        'notify',
        { notificationId: n.id },
        { ...NOTIFY_JOB_OPTIONS, jobId: n.id, delay: Math.max(0, n.dueAt.getTime() - now) },
      ),
    );
    try {
      await addIdJobs(this.queue, jobs);
      return true;
    } catch (error) {
      this.logger.warn(
        `${due.length} notifications left for the sweeper: ${(error as Error).message}`,
      );
      return false;
    }
  }

  // The ids no live job carries; a failed job is dropped so the id can be added again.
  async uncarried(ids: string[]): Promise<string[]> {
    const { missing, failed } = await uncarriedIds(this.queue, ids);
    for (const id of failed) await removeJob(this.queue, id);
    return [...missing, ...failed];
  }
}
