import { Injectable } from '@nestjs/common';
import { UnrecoverableError } from 'bullmq';
import { RetryLaterError } from '../postbacks/delivery/deliver.processor';
import { RegistryJob } from '../queue/job-registry';
import { NotificationSender } from './notification-sender';

// Thin: the sender does the work; the outcome becomes BullMQ's retry or final failure.
@Injectable()
export class NotifyProcessor {
  constructor(private readonly notifications: NotificationSender) {}

  async process(job: RegistryJob<'notify'>): Promise<void> {
    const report = await this.notifications.attempt(job.data.notificationId);
    if (report.retryInMs !== null) throw new RetryLaterError(report.retryInMs);
    if (report.state === 'failed') throw new UnrecoverableError('notification failed for good');
  }
}
