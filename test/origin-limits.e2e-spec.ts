import Redis from 'ioredis';
import { originLeasesKey } from '../src/postbacks/delivery/origin-leases';
import {
  AppProcess,
  cleanupAfterEach,
  ServiceBacking,
  withProcessLogs,
} from './helpers/app-process';
import { clickOk, createProcessNetwork, createRule } from './helpers/process-fixtures';
import { eventually, ReceivedRequest, Receiver } from './helpers/receiver';

// SPEC §8 fairness with more than one worker process (issue #21): one API and two worker
// processes on the real PostgreSQL and Redis deliver to one slow receiver. Each worker alone
// could send WORKER_CONCURRENCY requests at once; together they never exceed the origin's limit.

const onCleanup = cleanupAfterEach();

const LIMIT = 5;
const WORKER_CONCURRENCY = 20;
const SLOW_ANSWER_MS = 150;

function transactionId(request: ReceivedRequest): string {
  return new URL(request.target, 'http://receiver').searchParams.get('tid')!;
}

function arrivals(requests: ReceivedRequest[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const request of requests) {
    const id = transactionId(request);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

// Clicks in small parallel batches; each schedules one click postback to the receiver.
async function clicks(
  api: AppProcess,
  network: Awaited<ReturnType<typeof createProcessNetwork>>,
  n: number,
) {
  const ids: string[] = [];
  while (ids.length < n) {
    const batch = Math.min(10, n - ids.length);
    ids.push(...(await Promise.all(Array.from({ length: batch }, () => clickOk(api, network)))));
  }
  return ids;
}

describe('per-origin limit across worker processes', () => {
  it(
    'holds the limit across two workers, delivers each id once, and survives a SIGKILLed worker',
    withProcessLogs(async () => {
      const b = onCleanup(await ServiceBacking.create(), (backing) => backing.dispose());
      const r = onCleanup(await Receiver.start(), (receiver) => receiver.stop());
      const redis = onCleanup(new Redis(b.redisUrl), async (client) => client.disconnect());
      const limits = {
        POSTBACK_MAX_CONNECTIONS_PER_ORIGIN: String(LIMIT),
        WORKER_CONCURRENCY: String(WORKER_CONCURRENCY),
      };
      const [api, ...workers] = await Promise.all([
        AppProcess.start(b.env({ ROLE: 'api', ...limits }), { name: 'api' }),
        AppProcess.start(b.env({ ROLE: 'worker', ...limits }), { name: 'worker-1' }),
        AppProcess.start(b.env({ ROLE: 'worker', ...limits }), { name: 'worker-2' }),
      ]);
      await eventually(async () => (await b.deliveryWorkers()) === 2, 30_000, 'two consumers');

      const network = await createProcessNetwork(api);
      await createRule(api, network, { type: 'click', url: r.url('/p?tid={transaction_id}') });

      // Which worker holds the origin's slots now, by the pid that starts each live lease id.
      const leaseKey = originLeasesKey(b.queuePrefix, r.origin);
      const leaseHolders = async (): Promise<number[]> => {
        const [seconds, micros] = await redis.time();
        const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
        const ids = await redis.zrangebyscore(leaseKey, `(${now}`, '+inf');
        return ids.map((id) => Number(id.split('.')[0]));
      };
      const delivered = async () => {
        const [row] = await b.query(
          `SELECT count(*) FILTER (WHERE state = 'delivered')::int AS n FROM deliveries`,
        );
        return row.n as number;
      };

      // 1. The first requests are held until the origin is full, then all answer slowly: the
      // limit is reached, never passed, and every id arrives once.
      const full = eventually(async () => r.inFlight >= LIMIT, 60_000, 'the origin to be full');
      r.always('/p', () => ({ until: full, delayMs: SLOW_ANSWER_MS }));
      const firstIds = await clicks(api, network, 40);
      await full;
      await eventually(async () => (await delivered()) === firstIds.length, 60_000, 'batch 1');
      expect(r.maxInFlight).toBe(LIMIT);
      const firstArrivals = arrivals(r.to('/p'));
      expect([...firstArrivals.keys()].sort()).toEqual([...firstIds].sort());
      expect([...firstArrivals.values()].every((n) => n === 1)).toBe(true);

      // 2. Requests held until the test lets go; the origin fills up again.
      let letGo!: () => void;
      const held = new Promise<void>((resolve) => (letGo = resolve));
      r.always('/p', () => ({ until: held }));
      const before = r.requests.length;
      const secondIds = await clicks(api, network, 30);
      const holders = await eventually(
        async () => {
          const pids = await leaseHolders();
          return r.inFlight === LIMIT && pids.length === LIMIT && pids;
        },
        60_000,
        'the origin full of held requests',
      );
      const workerPids = workers.map((w) => w.child.pid!);
      expect(holders.every((pid) => workerPids.includes(pid))).toBe(true);
      // The worker holding more slots dies mid-flight.
      const [victim, survivor] = workers
        .map((w) => ({ w, slots: holders.filter((pid) => pid === w.child.pid).length }))
        .sort((x, y) => y.slots - x.slots);
      await victim.w.kill('SIGKILL');
      // Its requests in flight are cut (the receiver sees their connections close).
      await eventually(
        async () => r.abandoned.length === victim.slots,
        30_000,
        "the killed worker's requests to be cut",
      );
      const cut = new Set(r.abandoned.map(transactionId));

      // Its slots come back (the leases expire) and the survivor fills the origin alone.
      await eventually(
        async () => {
          const pids = await leaseHolders();
          return (
            r.inFlight === LIMIT &&
            pids.length === LIMIT &&
            pids.every((pid) => pid === survivor.w.child.pid)
          );
        },
        60_000,
        "the killed worker's slots to return",
      );

      // 3. Let go: nothing is lost (the killed worker's deliveries are taken over), and only
      // the requests it had in flight arrive twice.
      letGo();
      r.always('/p', () => ({}));
      const total = firstIds.length + secondIds.length;
      await eventually(async () => (await delivered()) === total, 120_000, 'every delivery');
      const secondArrivals = arrivals(r.requests.slice(before));
      expect([...secondArrivals.keys()].sort()).toEqual([...secondIds].sort());
      const twice = [...secondArrivals].filter(([, n]) => n > 1).map(([id]) => id);
      expect(twice.every((id) => cut.has(id))).toBe(true);
      expect([...secondArrivals.values()].every((n) => n <= 2)).toBe(true);
      expect(r.maxInFlight).toBe(LIMIT);
    }, 240_000),
    270_000,
  );
});
