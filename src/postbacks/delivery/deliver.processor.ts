import { Injectable } from '@nestjs/common';
import { DelayedError, UnrecoverableError } from 'bullmq';
import { RegistryJob } from '../../queue/job-registry';
import { processorErrorBackoff } from '../../queue/processor-errors';
import { DeliveryService } from './delivery.service';

// Thrown so BullMQ retries after the delay the retry policy chose (jitter and Retry-After included).
export class RetryLaterError extends Error {
  constructor(readonly delayMs: number) {
    super(`retry in ${delayMs} ms`);
  }
}

// The BullMQ backoff strategy: a delivery's retry delay is decided once, by the service, and
// carried by the error; anything else the processor throws was not meant and backs off.
export function deliveryBackoff(attemptsMade: number, _type?: string, error?: Error): number {
  return error instanceof RetryLaterError ? error.delayMs : processorErrorBackoff(attemptsMade);
}

// Thin: the service does the work; the outcome becomes BullMQ's retry or final failure.
@Injectable()
export class DeliverProcessor {
  constructor(private readonly deliveries: DeliveryService) {}

  async process(job: RegistryJob<'deliver'>, token?: string): Promise<void> {
    const report = await this.deliveries.attempt(job.data.deliveryId, 'queued');
    if (report.deferMs !== undefined) {
      // Back to the queue without using up an attempt; the worker slot is free for other origins.
      await job.moveToDelayed(Date.now() + report.deferMs, token);
      throw new DelayedError();
    }
    if (report.retryInMs !== null) throw new RetryLaterError(report.retryInMs);
    if (report.state === 'failed') throw new UnrecoverableError('delivery failed for good');
  }
}
