import type { Job, JobsOptions, Queue } from 'bullmq';
import type Redis from 'ioredis';
import { timeoutError, withTimeout } from '../common/timeout';

// Queues whose jobs carry a row's id (jobId = the id) while PostgreSQL holds the record:
// deliveries and notifications. A hand-over is bounded, so a Redis that is away never holds a
// request; their sweepers find what did not make it.

// A hand-over must not hold a request hostage while Redis is away: the sweeper catches up.
export const ENQUEUE_TIMEOUT_MS = 1_000;

// BullMQ types its client narrowly; it is the ioredis connection the queue was built with.
async function connected(queue: Queue): Promise<Redis> {
  // Until its first connection BullMQ holds every command, jobs and all, for as long as Redis is
  // away; waiting for the connection first keeps nothing per hand-over meanwhile.
  return (await withTimeout<unknown>(
    queue.client,
    ENQUEUE_TIMEOUT_MS,
    timeoutError('queue not connected yet'),
  )) as Redis;
}

// Adds the jobs or throws within the timeout.
export async function addIdJobs(
  queue: Queue,
  jobs: { name: string; data: unknown; opts: JobsOptions }[],
): Promise<void> {
  await connected(queue);
  // One job (a conversion firing one rule, the usual case) is one script call; addBulk builds an
  // ioredis pipeline, which copies every BullMQ script onto itself first.
  const added =
    jobs.length === 1
      ? queue.add(jobs[0].name, jobs[0].data, jobs[0].opts).then((job) => [job])
      : queue.addBulk(jobs);
  await withTimeout<Job[]>(
    added,
    ENQUEUE_TIMEOUT_MS,
    timeoutError('queue did not answer in time'),
  );
}

// The ids no live job carries, in one round trip for the lot: no job at all (Redis was down or
// lost its data), or a failed one (the processor threw). Completed jobs are removed.
export async function uncarriedIds(
  queue: Queue,
  ids: string[],
): Promise<{ missing: string[]; failed: string[] }> {
  const found = { missing: [] as string[], failed: [] as string[] };
  if (ids.length === 0) return found;
  const pipeline = (await connected(queue)).pipeline();
  for (const id of ids) {
    pipeline.exists(queue.toKey(id));
    pipeline.zscore(queue.toKey('failed'), id);
  }
  const replies = await withTimeout(
    pipeline.exec(),
    ENQUEUE_TIMEOUT_MS,
    timeoutError('queue did not answer in time'),
  );
  if (replies?.length !== 2 * ids.length) throw new Error('Redis did not answer every job check');
  ids.forEach((id, i) => {
    const [existsError, exists] = replies[2 * i];
    const [failedError, failedScore] = replies[2 * i + 1];
    if (existsError || failedError) throw existsError ?? failedError;
    if (exists === 0) found.missing.push(id);
    else if (failedScore !== null) found.failed.push(id);
  });
  return found;
}

// Drops a failed job so the same jobId can be added again.
export async function removeJob(queue: Queue, id: string): Promise<void> {
  const job = await queue.getJob(id);
  if (job) await job.remove().catch(() => undefined);
}
