import { BenchApp } from './lib/app-process';
import { runDeliveryScenario } from './lib/delivery-scenario';
import { CpuUse, cpuMsPer, describeCpu, measureCpu } from './lib/cpu';
import { round } from './lib/load';
import {
  createNetwork,
  createRule,
  deliveryStates,
  makeClicks,
  committedTransactions,
  setDeliveriesPaused,
  waitForCount,
} from './lib/network';
import { BenchReceiver } from './lib/receiver';
import { BenchScenario, envInt } from './lib/scenario';
import { runUndiciLoop } from './lib/undici-loop';

// Issue targets: deliveries/s with every attempt logged; stretch: half the plain undici loop.
const TARGET_PER_SECOND = 2000;
const STRETCH_SHARE_OF_BASELINE = 0.5;
// The service's defaults (src/config/app-config.ts), used when the environment sets none.
const DEFAULT_WORKER_CONCURRENCY = 100;
const DEFAULT_MAX_PER_ORIGIN = 20;

export const scenario: BenchScenario = {
  name: 'throughput',
  description:
    '50,000 click postbacks queued (clicks via GET /click with the deliveries queue paused), ' +
    'then resumed: deliveries/s until all are logged delivered, vs a plain undici loop',
  run: runThroughput,
};

async function runThroughput(): Promise<Record<string, unknown>> {
  const total = envInt('BENCH_THROUGHPUT_DELIVERIES', 50_000);
  const timeoutSeconds = envInt('BENCH_THROUGHPUT_TIMEOUT', 300);
  // Requests in flight to one receiver: the worker's slots, capped per origin (SPEC §8).
  const inFlight = Math.min(
    envInt('WORKER_CONCURRENCY', DEFAULT_WORKER_CONCURRENCY),
    envInt('POSTBACK_MAX_CONNECTIONS_PER_ORIGIN', DEFAULT_MAX_PER_ORIGIN),
  );
  const settings = { total, timeoutSeconds, inFlight };
  return runDeliveryScenario('throughput', settings, {
    // The same requests with nothing stored or queued.
    async baseline(receiver) {
      const loop = await runUndiciLoop({
        target: `${receiver.origin}/baseline`,
        total,
        concurrency: inFlight,
        connections: inFlight,
      });
      if (loop.failed > 0 || receiver.received !== total || receiver.duplicates > 0)
        throw new Error(
          `throughput baseline: ${receiver.received}/${total} received, ${loop.failed} failed`,
        );
      const perSecond = round(total / (loop.elapsedMs / 1000));
      console.log(
        `plain undici loop: ${total} requests, ${inFlight} in flight, ` +
          `${round(loop.elapsedMs / 1000, 2)} s = ${perSecond}/s`,
      );
      return { ...loop, perSecond, inFlight };
    },
    async measure(app, receiver, loop) {
      const measured = await measureApp(app, receiver, total, timeoutSeconds);
      const perSecond = measured.deliveriesPerSecond;
      const share = round(perSecond / loop.perSecond, 3);
      const met = perSecond >= TARGET_PER_SECOND;
      const stretchMet = share >= STRETCH_SHARE_OF_BASELINE;
      console.log(
        `${total} deliveries logged delivered in ${measured.seconds} s = ${perSecond}/s ` +
          `(target ≥ ${TARGET_PER_SECOND}: ${met ? 'met' : 'NOT met'}); ` +
          `${Math.round(share * 100)}% of the plain undici loop ` +
          `(stretch ≥ ${STRETCH_SHARE_OF_BASELINE * 100}%: ${stretchMet ? 'met' : 'not met'})`,
      );
      console.log(describeCpu(measured.cpu));
      console.log(
        `cpu ms per delivery: ${JSON.stringify(measured.cpuMsPerDelivery)}; ` +
          `PostgreSQL commits per delivery: ${measured.commitsPerDelivery}`,
      );
      return {
        load: 'click postback rule; clicks via GET /click with the deliveries queue paused',
        measured: 'queue resumed → last delivery row completed (attempt logged), from the database',
        app: measured,
        plainUndiciLoop: loop,
        shareOfBaseline: share,
        targets: {
          perSecond: TARGET_PER_SECOND,
          met,
          stretchShareOfBaseline: STRETCH_SHARE_OF_BASELINE,
          stretchMet,
        },
      };
    },
  });
}

// Also the measure of `scale` (bench/scale.ts): one delivery run against a started service.
export async function measureApp(
  app: BenchApp,
  receiver: BenchReceiver,
  total: number,
  timeoutSeconds: number,
): Promise<{
  seconds: number;
  deliveriesPerSecond: number;
  receiverPerSecond: number;
  firstDeliveryAfterMs: number;
  perSecondTimeline: number[];
  clicksPerSecond: number;
  cpu: CpuUse | null;
  cpuMsPerDelivery: ReturnType<typeof cpuMsPer>;
  commitsPerDelivery: number;
  check: Record<string, number>;
}> {
  const net = await createNetwork(app, 'Throughput');
  await createRule(app, {
    name: 'Throughput tracker',
    type: 'click',
    publisherId: net.publisher.id,
    offerIds: [net.offer.id],
    url: `${receiver.origin}/thr?cid={transaction_id}`,
  });

  // Clicks schedule their deliveries in their own transactions; the paused queue holds the jobs.
  await setDeliveriesPaused(app, true);
  const clicksStarted = performance.now();
  await makeClicks(app, net, total, 'throughput');
  const clicksSeconds = (performance.now() - clicksStarted) / 1000;
  const [scheduled] = await app.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deliveries WHERE state = 'scheduled' AND attempt_count = 0`,
  );
  if (scheduled.n !== total)
    throw new Error(`throughput: ${scheduled.n}/${total} deliveries scheduled by the clicks`);
  console.log(
    `throughput: ${total} clicks in ${round(clicksSeconds, 1)} s ` +
      `(${round(total / clicksSeconds)}/s), ${total} deliveries queued`,
  );
  if (receiver.received > 0)
    throw new Error(
      `throughput: ${receiver.received} postbacks arrived while the queue was paused`,
    );

  const commitsBefore = await committedTransactions(app);
  const cpu = measureCpu(app.pids);
  const resumedAt = Date.now();
  const resumedAtPerf = performance.now();
  await setDeliveriesPaused(app, false);
  await waitForCount(
    app,
    'throughput: deliveries logged delivered',
    `SELECT count(*)::int AS n FROM deliveries WHERE state = 'delivered'`,
    [],
    total,
    timeoutSeconds * 1000,
    1000,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}; deliveries: ${await deliveryStates(app)}`);
  });
  const cpuUse = cpu();
  const commits = (await committedTransactions(app)) - commitsBefore;
  // Exact end: when the last attempt was logged (the delivery row's completion time).
  const [done] = await app.query<{ last: Date }>(
    `SELECT max(completed_at) AS last FROM deliveries`,
  );
  const seconds = (done.last.getTime() - resumedAt) / 1000;

  const [logged] = await app.query<{ deliveries: number; attempts: number; ok: number }>(
    `SELECT count(DISTINCT d.id)::int AS deliveries, count(a.*)::int AS attempts,
            count(*) FILTER (WHERE a.n = 1 AND a.status_code = 200
                               AND d.attempt_count = 1)::int AS ok
       FROM deliveries d LEFT JOIN delivery_attempts a ON a.delivery_id = d.id`,
  );
  // Every delivery's Idempotency-Key reached the receiver, and nothing else did.
  const ids = await app.query<{ id: string }>(`SELECT id FROM deliveries`);
  const known = new Set(ids.map((r) => r.id));
  let unknown = 0;
  for (const key of receiver.keys()) if (!known.has(key)) unknown++;
  const distinctReceived = receiver.received - receiver.duplicates;
  const check = {
    deliveries: logged.deliveries,
    attemptRows: logged.attempts,
    deliveredOnFirstAttempt: logged.ok,
    received: receiver.received,
    distinctReceived,
    duplicates: receiver.duplicates,
    unknownKeys: unknown,
  };
  const problems: string[] = [];
  if (logged.deliveries !== total || logged.attempts !== total || logged.ok !== total)
    problems.push(`logged ${JSON.stringify(logged)} for ${total} deliveries`);
  if (distinctReceived !== total || unknown > 0)
    problems.push(`receiver saw ${distinctReceived} distinct keys (${unknown} unknown)`);
  if (receiver.duplicates > 0) problems.push(`${receiver.duplicates} duplicate deliveries`);
  if (problems.length > 0) throw new Error(`throughput: ${problems.join('; ')}`);
  console.log(
    `throughput: ${total} delivered, each with one attempt logged (200), ` +
      `received exactly once by Idempotency-Key (0 duplicates)`,
  );

  const receiverSpan = ((receiver.lastAt ?? 0) - (receiver.firstAt ?? 0)) / 1000;
  return {
    seconds: round(seconds, 2),
    deliveriesPerSecond: round(total / seconds),
    receiverPerSecond: round(total / Math.max(receiverSpan, 0.001)),
    firstDeliveryAfterMs: round((receiver.firstAt ?? 0) - resumedAtPerf),
    perSecondTimeline: Array.from(receiver.perSecond, (n) => n ?? 0),
    clicksPerSecond: round(total / clicksSeconds),
    cpu: cpuUse,
    cpuMsPerDelivery: cpuMsPer(cpuUse, total),
    // PostgreSQL transactions (each statement outside one counts) per delivery, polling included.
    commitsPerDelivery: round(commits / total, 2),
    check,
  };
}
