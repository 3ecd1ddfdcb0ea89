import { Logger } from '@nestjs/common';
import { Queue, QueueEvents } from 'bullmq';
import { randomToken } from '../src/common/ids';
import { AppConfig } from '../src/config/app-config';
import { DeliverProcessor } from '../src/postbacks/delivery/deliver.processor';
import { DeliveryQueue } from '../src/postbacks/delivery/delivery-queue';
import { DeliveryWorkers } from '../src/postbacks/delivery/delivery-workers';
import { QUEUES, RegistryJob, RegistryQueue } from '../src/queue/job-registry';
import { PROCESSOR_ERROR_BACKOFF_MS } from '../src/queue/processor-errors';
import { redisConnectionOptions } from '../src/queue/redis-connection';
import { deleteRedisKeys, REDIS_URL } from './helpers/backing-services';

const EVENT_TIMEOUT_MS = 30_000;

// The delivery queue's producer and worker on the real Redis, under a prefix of their own; the
// processor is replaced by one that fails the way a bug or a lost database connection would.
describe('Processor errors on the delivery queue (e2e)', () => {
  const prefix = `{pmjobs-${randomToken(6).replace(/[^A-Za-z0-9]/g, 'x')}}`;
  const connection = redisConnectionOptions(REDIS_URL);
  let queue: Queue;
  let events: QueueEvents;
  let workers: DeliveryWorkers | undefined;

  beforeAll(async () => {
    queue = new Queue(QUEUES.deliveries, { connection, prefix });
    events = new QueueEvents(QUEUES.deliveries, { connection, prefix });
    await events.waitUntilReady();
  });

  afterEach(async () => {
    await workers?.beforeApplicationShutdown();
    workers = undefined;
    jest.restoreAllMocks();
  });

  afterAll(async () => {
    await events.close();
    await queue.close();
    await deleteRedisKeys(REDIS_URL, prefix);
  });

  // Resolves on the queue's next `name` event for this job.
  function nextEvent(name: 'delayed' | 'completed' | 'failed', jobId: string) {
    return new Promise<{ jobId: string; delay?: string | number }>((resolve, reject) => {
      const timer = setTimeout(() => {
        events.off(name, listener);
        reject(new Error(`no '${name}' event for job ${jobId}`));
      }, EVENT_TIMEOUT_MS);
      const listener = (args: { jobId: string; delay?: string | number }) => {
        if (args.jobId !== jobId) return;
        clearTimeout(timer);
        events.off(name, listener);
        resolve(args);
      };
      events.on(name, listener);
    });
  }

  function startWorkers(process: (job: RegistryJob<'deliver'>) => Promise<void>) {
    const config = Object.assign(new AppConfig(), {
      REDIS_URL,
      QUEUE_PREFIX: prefix,
      WORKER_CONCURRENCY: 1,
    });
    workers = new DeliveryWorkers(config, { process } as unknown as DeliverProcessor);
    return workers.onApplicationBootstrap();
  }

  it('retries a job whose handler throws unexpectedly later, with a delay that doubles', async () => {
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    const calls: number[] = [];
    await startWorkers(async () => {
      calls.push(Date.now());
      if (calls.length <= 2) throw new Error('connection terminated unexpectedly');
    });
    const id = `unexpected-${randomToken(6)}`;
    const firstDelayed = nextEvent('delayed', id);
    const completed = nextEvent('completed', id);

    // One attempt of its own: before the processor-error backoff, the throw ended the job.
    const producer = new DeliveryQueue(queue as RegistryQueue<typeof QUEUES.deliveries>);
    expect(await producer.add([{ id, scheduledFor: new Date(), maxAttempts: 1 }])).toBe(true);

    const delayed = await firstDelayed;
    // Waiting in the delayed set, not back in the wait list for an immediate retry.
    expect(await queue.getJobState(id)).toBe('delayed');
    expect(calls).toHaveLength(1);
    expect(Number(delayed.delay)).toBeGreaterThanOrEqual(calls[0] + PROCESSOR_ERROR_BACKOFF_MS);
    const secondDelayed = nextEvent('delayed', id);

    await secondDelayed;
    await completed;
    expect(calls).toHaveLength(3);
    expect(calls[1] - calls[0]).toBeGreaterThanOrEqual(PROCESSOR_ERROR_BACKOFF_MS);
    expect(calls[2] - calls[1]).toBeGreaterThanOrEqual(2 * PROCESSOR_ERROR_BACKOFF_MS);
  });
});
