import { BenchApp } from './lib/app-process';
import { runDeliveryScenario, withBareRelay } from './lib/delivery-scenario';
import { cpuMsPer, describeCpu, measureCpu } from './lib/cpu';
import { round } from './lib/load';
import {
  createNetwork,
  committedTransactions,
  createRule,
  deliveryStates,
  makeClicks,
  waitForCount,
} from './lib/network';
import { PacedSummary, runPaced } from './lib/paced';
import { BenchReceiver } from './lib/receiver';
import { BenchScenario, envInt } from './lib/scenario';
import { describeDistribution, Distribution, distribution } from './lib/stats';

// Issue targets for intake → postback received, on the 2-core reference machine.
const TARGET_P50_MS = 25;
const TARGET_P99_MS = 150;
const TID = /[?&]tid=([^&]+)/;

export const scenario: BenchScenario = {
  name: 'latency',
  description:
    'advertiser S2S conversions at an even 200/s, each on its own click and matching one rule: ' +
    'time from the intake request to the postback at a loopback receiver, vs a bare Node relay',
  run: runLatency,
};

interface E2eRun {
  intake: PacedSummary;
  // Intake request sent → receiver got the postback (recorded requests only, not the warm-up).
  endToEndMs: Distribution;
  received: number;
  answersNotOk: number;
}

async function runLatency(): Promise<Record<string, unknown>> {
  const rate = envInt('BENCH_LATENCY_RATE', 200);
  const durationSeconds = envInt('BENCH_LATENCY_DURATION', 30);
  const warmupSeconds = envInt('BENCH_LATENCY_WARMUP', 2);
  const baselineSeconds = envInt('BENCH_LATENCY_BASELINE_DURATION', 10);
  const settings = { rate, durationSeconds, warmupSeconds, baselineSeconds };
  return runDeliveryScenario<E2eRun>('latency', settings, {
    async baseline(receiver) {
      const ids = Array.from({ length: rate * (baselineSeconds + warmupSeconds) }, (_, n) => {
        return `bare${n}`;
      });
      const baseline = await withBareRelay(receiver, '/lat', 1, (relayUrl) =>
        pacedEndToEnd(receiver, relayUrl, '/postback/bare', ids, {
          rate,
          durationSeconds: baselineSeconds,
          warmupSeconds,
        }),
      );
      report('bare relay', baseline);
      return baseline;
    },
    async measure(app, receiver, baseline) {
      const measured = await measureApp(app, receiver, { rate, durationSeconds, warmupSeconds });
      const { run } = measured;
      report(`app (${app.role})`, run);
      const met = run.endToEndMs.p50 < TARGET_P50_MS && run.endToEndMs.p99 < TARGET_P99_MS;
      console.log(
        `intake → postback p50 ${run.endToEndMs.p50} ms (target < ${TARGET_P50_MS}), ` +
          `p99 ${run.endToEndMs.p99} ms (target < ${TARGET_P99_MS}); ` +
          `bare relay p50 ${baseline.endToEndMs.p50} ms — targets ${met ? 'met' : 'NOT met'}`,
      );
      console.log(describeCpu(measured.cpu));
      console.log(
        `cpu ms per conversion: ${JSON.stringify(measured.cpuMsPerConversion)}; ` +
          `PostgreSQL commits per conversion: ${measured.commitsPerConversion}`,
      );
      return {
        app: {
          ...run,
          check: measured.check,
          cpu: measured.cpu,
          cpuMsPerConversion: measured.cpuMsPerConversion,
          commitsPerConversion: measured.commitsPerConversion,
        },
        bareRelay: baseline,
        targets: { p50Ms: TARGET_P50_MS, p99Ms: TARGET_P99_MS, met },
      };
    },
  });
}

async function measureApp(
  app: BenchApp,
  receiver: BenchReceiver,
  pace: { rate: number; durationSeconds: number; warmupSeconds: number },
) {
  const net = await createNetwork(app, 'Latency');
  // One local conversion rule: each approved conversion of the publisher on the offer fires it.
  await createRule(app, {
    name: 'Latency tracker',
    type: 'conversion',
    publisherId: net.publisher.id,
    offerIds: [net.offer.id],
    url: `${receiver.origin}/lat/0?tid={transaction_id}&s={status}`,
    statuses: ['approved'],
  });
  const total = pace.rate * (pace.durationSeconds + pace.warmupSeconds);
  const clicksStarted = performance.now();
  const tids = await makeClicks(app, net, total, 'latency');
  console.log(
    `latency: ${total} clicks made in ${round((performance.now() - clicksStarted) / 1000)} s`,
  );

  const commitsBefore = await committedTransactions(app);
  const cpu = measureCpu(app.pids);
  const run = await pacedEndToEnd(
    receiver,
    app.baseUrl,
    `/postback/${net.advertiser.postbackKey}`,
    tids,
    pace,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}; deliveries: ${await deliveryStates(app)}`);
  });
  const cpuUse = cpu();
  const commits = (await committedTransactions(app)) - commitsBefore;

  // Every conversion stored, every delivery logged delivered with its one attempt.
  const [stored] = await app.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM conversions WHERE status = 'approved'`,
  );
  await waitForCount(
    app,
    'latency: deliveries logged delivered',
    `SELECT count(*)::int AS n FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id
      WHERE d.state = 'delivered' AND a.status_code = 200`,
    [],
    total,
    30_000,
  );
  const [deliveries] = await app.query<{ n: number; attempts: number }>(
    `SELECT count(*)::int AS n, coalesce(sum(attempt_count), 0)::int AS attempts FROM deliveries`,
  );
  const check = {
    conversionsStored: stored.n,
    deliveries: deliveries.n,
    attempts: deliveries.attempts,
    received: run.received,
    duplicates: receiver.duplicates,
  };
  const problems: string[] = [];
  if (stored.n !== total) problems.push(`${stored.n}/${total} conversions stored`);
  if (deliveries.n !== total || deliveries.attempts !== total)
    problems.push(`${deliveries.n} deliveries with ${deliveries.attempts} attempts for ${total}`);
  if (receiver.duplicates > 0) problems.push(`${receiver.duplicates} duplicate postbacks`);
  if (problems.length > 0) throw new Error(`latency: ${problems.join('; ')}`);
  console.log(
    `latency: ${total} conversions = ${total} deliveries delivered, one attempt each, ` +
      `${run.received} postbacks received, no duplicates`,
  );
  return {
    run,
    check,
    cpu: cpuUse,
    cpuMsPerConversion: cpuMsPer(cpuUse, total),
    // PostgreSQL transactions per conversion, intake and delivery (a lone statement is one).
    commitsPerConversion: round(commits / total, 2),
  };
}

// Open-loop GETs `<base><path>?clickid=<id n>&status=approved` at an even pace; each must come
// back 200 and reach the receiver exactly once, matched by `tid=` in the postback URL.
async function pacedEndToEnd(
  receiver: BenchReceiver,
  baseUrl: string,
  path: string,
  ids: string[],
  pace: { rate: number; durationSeconds: number; warmupSeconds: number },
): Promise<E2eRun> {
  const indexOf = new Map(ids.map((id, n) => [id, n]));
  const recordFrom = pace.rate * pace.warmupSeconds;
  const sentAt = new Float64Array(ids.length);
  const samples: number[] = [];
  let stray = 0;
  let answersNotOk = 0;
  receiver.onArrival = (arrival) => {
    const match = TID.exec(arrival.target);
    const n = match ? indexOf.get(decodeURIComponent(match[1])) : undefined;
    if (n === undefined) stray++;
    else if (n >= recordFrom) samples.push(arrival.at - sentAt[n]);
  };
  const intake = await runPaced({
    url: `${baseUrl}${path}`,
    rate: pace.rate,
    durationSeconds: pace.durationSeconds,
    warmupSeconds: pace.warmupSeconds,
    connections: 50,
    pathFor: (n) => `${path}?clickid=${encodeURIComponent(ids[n])}&status=approved`,
    onSent: (n, at) => (sentAt[n] = at),
    onAnswer: (_n, status, body) => {
      if (status !== 200 || body !== 'OK') answersNotOk++;
    },
  });
  if (intake.errors > 0 || answersNotOk > 0)
    throw new Error(
      `latency: ${intake.errors} intake requests failed, ${answersNotOk} answers not 200 OK ` +
        `(${JSON.stringify(intake.statusCounts)})`,
    );
  await receiver.waitForCount(ids.length, 30_000);
  if (stray > 0) throw new Error(`latency: ${stray} postbacks matched no conversion`);
  return {
    intake,
    endToEndMs: distribution(samples),
    received: receiver.received,
    answersNotOk,
  };
}

function report(label: string, run: E2eRun): void {
  console.log(describeDistribution(`${label} intake → postback`, run.endToEndMs));
  const i = run.intake.latencyMs;
  console.log(
    `${`${label} intake HTTP`.padEnd(30)} p50 ${i.p50} ms   p90 ${i.p90} ms   p99 ${i.p99} ms   ` +
      `max ${i.max} ms   (${run.intake.responses} answers at ${run.intake.requestsPerSecond}/s)`,
  );
}
