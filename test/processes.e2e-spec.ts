import { readdirSync, readFileSync } from 'node:fs';
import {
  AppProcess,
  backingAndReceiver,
  cleanupAfterEach,
  withProcessLogs,
} from './helpers/app-process';
import { clickOk, createProcessNetwork, createRule } from './helpers/process-fixtures';
import { eventually } from './helpers/receiver';

// The default start (ROLE=all on a machine with a second core): this process serves HTTP and
// forks WORKER_PROCESSES processes that deliver. Real processes, PostgreSQL, Redis and receiver.

const onCleanup = cleanupAfterEach();

// The service's worker processes: the children of the process the test started.
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid)
        children.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return children;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function oneWorker(app: AppProcess, other?: number): Promise<number> {
  const [worker] = await eventually(
    async () => {
      const children = childrenOf(app.child.pid!);
      return children.length === 1 && children[0] !== other && children;
    },
    30_000,
    'one worker process',
  );
  return worker;
}

describe('ROLE=all with a worker process', () => {
  it(
    'delivers from the worker, scrapes its metrics, applies a rule change at once, ' +
      'replaces a killed worker and stops with it',
    withProcessLogs(async () => {
      const { b, r } = await backingAndReceiver(onCleanup);
      const app = await AppProcess.start(b.env({ ROLE: 'all', WORKER_PROCESSES: '1' }));
      const worker = await oneWorker(app);

      // Warming up before it reported ready recorded nothing.
      const [{ clicks }] = await b.query('SELECT count(*)::int AS clicks FROM clicks');
      const [{ intake }] = await b.query('SELECT count(*)::int AS intake FROM intake_logs');
      expect({ clicks, intake }).toEqual({ clicks: 0, intake: 0 });

      const network = await createProcessNetwork(app);
      const rule = await createRule(app, network, {
        type: 'click',
        url: r.url('/first?d={delivery_id}'),
      });
      await clickOk(app, network);
      await r.waitFor('/first', 1);

      // Counted by the worker process, scraped through the API process.
      const metrics = await app.get('/metrics');
      expect(metrics.text).toMatch(/^postback_deliveries_total\{outcome="delivered"\} 1$/m);

      // The worker has the rule cached; the change reaches it without waiting for the cache.
      const changed = await app.patch(`/api/postbacks/${rule.id}`, {
        url: r.url('/second?d={delivery_id}'),
      });
      expect(changed.status).toBe(200);
      await clickOk(app, network);
      await r.waitFor('/second', 1);
      expect(r.to('/first')).toHaveLength(1);

      // A killed worker is started again and deliveries go on.
      process.kill(worker, 'SIGKILL');
      const replacement = await oneWorker(app, worker);
      await clickOk(app, network);
      await r.waitFor('/second', 2);

      const exit = await app.stop('SIGTERM');
      expect(exit).toEqual({ code: 0, signal: null });
      expect(alive(replacement)).toBe(false);
    }, 120_000),
    150_000,
  );

  it(
    'a worker process does not outlive its API process',
    withProcessLogs(async () => {
      const { b } = await backingAndReceiver(onCleanup);
      const app = await AppProcess.start(b.env({ ROLE: 'all', WORKER_PROCESSES: '1' }));
      const worker = await oneWorker(app);
      await app.kill('SIGKILL');
      await eventually(async () => !alive(worker), 30_000, 'the orphaned worker to exit');
    }, 90_000),
    120_000,
  );
});
