import { Logger } from '@nestjs/common';
import { LockedTask, LockedTaskOptions } from '../src/maintenance/locked-task';
import { SERVER_URL } from './helpers/backing-services';
import { eventually } from './helpers/receiver';

// Advisory locks are per database; a key of each test's own keeps parallel test files apart.
const DATABASE_URL = `${SERVER_URL}/postgres`;
const lockKey = () => 900_000_000 + Math.floor(Math.random() * 100_000_000);

// The maintenance timers' runner (sweeper, retention) against the real PostgreSQL.
describe('LockedTask (e2e)', () => {
  const started: LockedTask[] = [];
  // Each run logs its outcome at debug level.
  beforeEach(() => jest.spyOn(Logger.prototype, 'debug').mockImplementation(() => undefined));
  afterEach(async () => {
    jest.restoreAllMocks();
    await Promise.all(started.splice(0).map((task) => task.stop(5_000)));
  });

  function start(options: Partial<LockedTaskOptions> & Pick<LockedTaskOptions, 'run'>) {
    const task = new LockedTask({
      name: 'TestTask',
      lockKey: lockKey(),
      databaseUrl: DATABASE_URL,
      firstInMs: 0,
      everyMs: 20,
      ...options,
    });
    started.push(task);
    task.start();
    return task;
  }

  it('never runs in two replicas at once, and both take turns', async () => {
    const key = lockKey();
    let running = 0;
    let most = 0;
    const runs = [0, 0];
    const work = (replica: number) => async () => {
      running++;
      most = Math.max(most, running);
      runs[replica]++;
      // A run that lasts, so the other replica's ticks meet the lock.
      await new Promise((resolve) => setTimeout(resolve, 100));
      running--;
    };
    start({ lockKey: key, run: work(0) });
    start({ lockKey: key, run: work(1) });
    await eventually(
      async () => runs[0] >= 3 && runs[1] >= 3,
      30_000,
      'three runs of each replica',
    );
    expect(most).toBe(1);
  });

  it('stops: the run under way is told to stop and awaited, and no run follows', async () => {
    let runs = 0;
    let finished = false;
    let running!: () => void;
    const underWay = new Promise<void>((resolve) => (running = resolve));
    const task = start({
      run: async (signal) => {
        runs++;
        running();
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        finished = true;
      },
    });
    await underWay;
    await task.stop(5_000);
    expect(finished).toBe(true);
    // Another task ticking on the same timescale runs several times meanwhile; this one no more.
    let other = 0;
    start({ run: async () => other++ });
    await eventually(async () => other >= 3, 30_000, 'three runs of another task');
    expect(runs).toBe(1);
  });

  it('logs a run that fails and tries again at the next tick, also without a database', async () => {
    const warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    let runs = 0;
    start({
      run: async () => {
        if (++runs === 1) throw new Error('first run breaks');
      },
    });
    await eventually(async () => runs >= 2, 30_000, 'a second run');
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('first run breaks'));

    // Nothing listens on port 1: the connection is refused and the run never starts.
    let reached = false;
    const unreachable = start({
      databaseUrl: 'postgres://postgres@127.0.0.1:1/postgres',
      run: async () => {
        reached = true;
      },
    });
    await eventually(
      async () =>
        warn.mock.calls.filter(([message]) => String(message).includes('ECONNREFUSED')).length >= 2,
      30_000,
      'two refused runs',
    );
    await unreachable.stop(5_000);
    expect(reached).toBe(false);
  });
});
