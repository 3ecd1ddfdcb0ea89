import { Queue } from 'bullmq';
import { QUEUES } from '../src/queue/job-registry';
import { redisConnectionOptions } from '../src/queue/redis-connection';
import { AUTO_PAUSE_AFTER_FAILURES } from '../src/postbacks/delivery/delivery.service';
import {
  AppProcess,
  backingAndReceiver,
  cleanupAfterEach,
  processTest,
  ServiceBacking,
} from './helpers/app-process';
import { deleteRedisKeys } from './helpers/backing-services';
import { clickOk, createProcessNetwork, createRule } from './helpers/process-fixtures';
import { eventually } from './helpers/receiver';

// Periodic and racy work with two worker replicas (real processes, ROLE=worker) on one database
// and one Redis prefix: what one of them does must not be done by the other as well.

const onCleanup = cleanupAfterEach();

function startWorkers(b: ServiceBacking, env: Record<string, string> = {}): Promise<AppProcess[]> {
  return Promise.all(
    ['worker-1', 'worker-2'].map((name) =>
      AppProcess.start(b.env({ ROLE: 'worker', WORKER_PROCESSES: '0', ...env }), { name }),
    ),
  );
}

// Jobs the deliveries queue holds, not yet taken by a worker.
async function queuedJobs(b: ServiceBacking): Promise<number> {
  const queue = new Queue(QUEUES.deliveries, {
    connection: redisConnectionOptions(b.redisUrl),
    prefix: b.queuePrefix,
  });
  try {
    return await queue.getJobCountByTypes('waiting', 'delayed', 'prioritized');
  } finally {
    await queue.close();
  }
}

// The deliveries each sweep of `worker` logged handing over (info: "Handed over N deliveries…").
function handedOverBy(worker: AppProcess): number {
  const counts = [...worker.output.matchAll(/Handed over (\d+) deliveries no job carried/g)];
  return counts.reduce((sum, match) => sum + Number(match[1]), 0);
}

// A counter of a worker's /metrics, e.g. postback_deliveries_total{outcome="failed"}.
async function metric(worker: AppProcess, series: string): Promise<number> {
  const res = await worker.get('/metrics');
  const line = res.text.split('\n').find((l: string) => l.startsWith(`${series} `));
  return line ? Number(line.split(' ')[1]) : 0;
}

describe('Once-only work across worker replicas (e2e)', () => {
  processTest('two sweepers hand each orphaned delivery over once', 240_000, async () => {
    const { b, r } = await backingAndReceiver(onCleanup);
    const N = 40;
    const api = await AppProcess.start(b.env({ ROLE: 'api' }), { name: 'api' });
    const network = await createProcessNetwork(api);
    const rule = await createRule(api, network, {
      type: 'click',
      url: r.url('/swept?d={delivery_id}'),
    });
    for (let i = 0; i < N; i++) await clickOk(api, network);
    // No worker runs yet: every delivery waits in the queue, which then loses them all (a
    // Redis that lost its data). Their due times lie past the sweeper's grace period.
    await eventually(async () => (await queuedJobs(b)) === N, 20_000, `${N} queued jobs`);
    await deleteRedisKeys(b.redisUrl, b.queuePrefix);
    const due = await b.query(
      `UPDATE deliveries SET next_attempt_at = now() - interval '1 minute'
        WHERE postback_id = $1 AND state = 'scheduled' RETURNING id`,
      [rule.id],
    );
    expect(due).toHaveLength(N);

    // Both sweep every second (SWEEPER_INTERVAL_MS=1000), and their info lines count hand-overs.
    const workers = await startWorkers(b, { LOG_LEVEL: 'info' });
    await r.waitFor('/swept', N, 60_000);
    await eventually(
      async () => workers.reduce((sum, w) => sum + handedOverBy(w), 0) >= N,
      20_000,
      'the sweeps logged',
    );
    // Handed over N times in all (never by both), and each delivery sent once.
    expect(workers.reduce((sum, w) => sum + handedOverBy(w), 0)).toBe(N);
    const sent = new Map<string, number>();
    for (const request of r.to('/swept')) {
      const id = new URL(request.target, 'http://x').searchParams.get('d')!;
      sent.set(id, (sent.get(id) ?? 0) + 1);
    }
    expect(sent.size).toBe(N);
    expect([...sent.values()].every((times) => times === 1)).toBe(true);
    // The receiver answers before the worker records the attempt: wait for the records.
    const statesOf = () =>
      b.query<{ state: string; n: number }>(
        `SELECT state, count(*)::int AS n FROM deliveries WHERE postback_id = $1 GROUP BY state`,
        [rule.id],
      );
    await eventually(
      async () => (await statesOf()).every((row) => !['scheduled', 'retrying'].includes(row.state)),
      20_000,
      'every attempt recorded',
    );
    expect(await statesOf()).toEqual([{ state: 'delivered', n: N }]);
  });

  processTest(
    'a rule failing 20 times in a row on two workers is paused once',
    240_000,
    async () => {
      const { b, r } = await backingAndReceiver(onCleanup);
      const N = AUTO_PAUSE_AFTER_FAILURES + 10;
      // One delivery at a time per worker, each answer a little slow: both take their share.
      r.script('/down', ...Array.from({ length: N }, () => ({ status: 500, delayMs: 100 })));
      const [api, workers] = await Promise.all([
        AppProcess.start(b.env({ ROLE: 'api' }), { name: 'api' }),
        startWorkers(b, { WORKER_CONCURRENCY: '1' }),
      ]);
      await eventually(async () => (await b.deliveryWorkers()) >= 2, 20_000, 'two consumers');
      const network = await createProcessNetwork(api);
      const rule = await createRule(api, network, {
        type: 'click',
        url: r.url('/down?d={delivery_id}'),
        maxAttempts: 1,
      });
      for (let i = 0; i < N; i++) await clickOk(api, network);

      // Every delivery ends: failed, or cancelled once the rule is paused.
      await eventually(
        async () => {
          const [row] = await b.query<{ open: number; total: number }>(
            `SELECT count(*) FILTER (WHERE state IN ('scheduled', 'retrying'))::int AS open,
                    count(*)::int AS total
               FROM deliveries WHERE postback_id = $1`,
            [rule.id],
          );
          return row.total === N && row.open === 0;
        },
        90_000,
        `${N} deliveries finished`,
      );
      const paused = await api.get(`/api/postbacks/${rule.id}`);
      expect(paused.body.enabled).toBe(false);
      const entries = await b.query(
        `SELECT id FROM audit_log
          WHERE entity_type = 'postback_rule' AND entity_id = $1 AND action = 'paused'`,
        [rule.id],
      );
      expect(entries).toHaveLength(1);
      // Both workers sent failing deliveries of the rule.
      for (const worker of workers)
        expect(await metric(worker, 'postback_deliveries_total{outcome="failed"}')).toBeGreaterThan(
          0,
        );
    },
  );
});
