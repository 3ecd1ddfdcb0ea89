import { Job, UnrecoverableError } from 'bullmq';
import {
  assertEveryJobHandled,
  dispatchJobs,
  JOBS,
  JobHandlers,
  jobsOn,
  missingHandlers,
  MissingJobHandlerError,
  QUEUES,
} from './job-registry';

type DeliveryHandlers = JobHandlers<typeof QUEUES.deliveries>;

const job = (name: string, data: unknown = {}) => ({ name, data }) as Job;

describe('job registry', () => {
  it('puts every job on a queue it names', () => {
    const queues = new Set<string>(Object.values(QUEUES));
    for (const { queue } of Object.values(JOBS)) expect(queues.has(queue)).toBe(true);
    expect(jobsOn(QUEUES.deliveries)).toEqual(['deliver']);
  });

  it('finds no missing handler when every job of the queue has one', () => {
    const handlers: DeliveryHandlers = { deliver: async () => undefined };
    expect(missingHandlers(QUEUES.deliveries, handlers)).toEqual([]);
    expect(() => assertEveryJobHandled(QUEUES.deliveries, handlers)).not.toThrow();
  });

  it('names the job and the queue a handler is missing for', () => {
    expect(missingHandlers(QUEUES.deliveries, {})).toEqual(['deliver']);
    expect(() => assertEveryJobHandled(QUEUES.deliveries, {})).toThrow(MissingJobHandlerError);
    expect(() => assertEveryJobHandled(QUEUES.deliveries, {})).toThrow(
      'Queue "deliveries" has no handler for job "deliver"',
    );
  });

  it('counts a handler that is not a function as missing', () => {
    const handlers = { deliver: undefined } as DeliveryHandlers;
    expect(missingHandlers(QUEUES.deliveries, handlers)).toEqual(['deliver']);
  });

  it('refuses to build a dispatcher with a handler missing', () => {
    expect(() => dispatchJobs(QUEUES.deliveries, {})).toThrow(MissingJobHandlerError);
  });

  it('routes each job to the handler of its name', async () => {
    const handled: unknown[] = [];
    const dispatch = dispatchJobs(QUEUES.deliveries, {
      deliver: async (j, token) => {
        handled.push([j.data.deliveryId, token]);
      },
    });
    await dispatch(job('deliver', { deliveryId: '42' }), 'token-1');
    expect(handled).toEqual([['42', 'token-1']]);
  });

  it('fails a job the registry does not know for good, rather than retrying it', async () => {
    const dispatch = dispatchJobs(QUEUES.deliveries, { deliver: async () => undefined });
    await expect(dispatch(job('renamed-long-ago'))).rejects.toThrow(UnrecoverableError);
    await expect(dispatch(job('renamed-long-ago'))).rejects.toThrow('"renamed-long-ago"');
  });
});
