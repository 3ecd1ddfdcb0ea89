import { Job, JobsOptions, Queue, UnrecoverableError } from 'bullmq';

// The one place queues and jobs are named. Producers build their jobs with registryJob(), workers
// route them with dispatchJobs(); a new job is added here first, and a worker that has no
// handler for it refuses to start.

// Every queue the service uses: deliveries and notifications (SPEC §13). The sweepers and the
// retention purge keep their schedule out of Redis (MaintenanceScheduler).
export const QUEUES = {
  deliveries: 'deliveries',
  notifications: 'notifications',
} as const;

export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

// What each job carries.
export interface JobPayloads {
  // The delivery row is the record: the job carries its id only (no URLs, no secrets).
  deliver: { deliveryId: string };
  // Likewise the notification row: its body and the endpoint's secret stay in PostgreSQL.
  notify: { notificationId: string };
}

export type JobName = keyof JobPayloads;

// The queue each job goes to; a job missing here (or one not in JobPayloads) does not compile.
export const JOBS = {
  deliver: { queue: QUEUES.deliveries },
  notify: { queue: QUEUES.notifications },
} as const satisfies { readonly [N in JobName]: { readonly queue: QueueName } };

// The jobs that go to queue Q.
export type JobsOn<Q extends QueueName> = {
  [N in JobName]: (typeof JOBS)[N]['queue'] extends Q ? N : never;
}[JobName];

export type RegistryJob<N extends JobName> = Job<JobPayloads[N], void, N>;

// A queue as the registry types it: add() takes only its own jobs' names and payloads.
export type RegistryQueue<Q extends QueueName> = Queue<JobPayloads[JobsOn<Q>], void, JobsOn<Q>>;

export type JobHandler<N extends JobName> = (job: RegistryJob<N>, token?: string) => Promise<void>;

// Partial: a worker is handed whatever handlers its module provides; assertEveryJobHandled
// turns a missing one into a failed boot rather than jobs that wait forever.
export type JobHandlers<Q extends QueueName> = { [N in JobsOn<Q>]?: JobHandler<N> };

// A job for add()/addBulk(), its payload checked against its name.
export function registryJob<N extends JobName>(
  name: N,
  data: JobPayloads[N],
  opts: JobsOptions,
): { name: N; data: JobPayloads[N]; opts: JobsOptions } {
  return { name, data, opts };
}

export function jobsOn(queue: QueueName): JobName[] {
  return (Object.keys(JOBS) as JobName[]).filter((name) => JOBS[name].queue === queue);
}

export function missingHandlers<Q extends QueueName>(
  queue: Q,
  handlers: JobHandlers<Q>,
): JobName[] {
  const given = handlers as Partial<Record<JobName, unknown>>;
  return jobsOn(queue).filter((name) => typeof given[name] !== 'function');
}

export class MissingJobHandlerError extends Error {
  constructor(
    readonly queue: QueueName,
    readonly jobs: JobName[],
  ) {
    super(
      `Queue "${queue}" has no handler for job ${jobs.map((name) => `"${name}"`).join(', ')}; ` +
        'the worker will not start (register one, or remove the job from the job registry)',
    );
    this.name = 'MissingJobHandlerError';
  }
}

export function assertEveryJobHandled<Q extends QueueName>(
  queue: Q,
  handlers: JobHandlers<Q>,
): void {
  const missing = missingHandlers(queue, handlers);
  if (missing.length > 0) throw new MissingJobHandlerError(queue, missing);
}

// The processor function of queue Q's Worker: each job goes to the handler of its name. Checked
// up front, so only a job the registry doesn't know (left by another version) can meet none.
export function dispatchJobs<Q extends QueueName>(
  queue: Q,
  handlers: JobHandlers<Q>,
): (job: Job, token?: string) => Promise<void> {
  assertEveryJobHandled(queue, handlers);
  const byName = handlers as Partial<Record<string, JobHandler<JobName>>>;
  return async (job, token) => {
    const handler = byName[job.name];
    if (!handler) throw new UnrecoverableError(`no handler for job "${job.name}" on "${queue}"`);
    await handler(job as RegistryJob<JobName>, token);
  };
}
