import { BenchApp } from './lib/app-process';
import { runDeliveryScenario, withBareRelay } from './lib/delivery-scenario';
import { cpuMsPer, describeCpu, measureCpu } from './lib/cpu';
import { round } from './lib/load';
import {
  checkConversionsDelivered,
  ConversionPace,
  ConversionRun,
  pacedConversions,
  reportConversions,
} from './lib/conversion-run';
import {
  createNetwork,
  committedTransactions,
  createRule,
  deliveryStates,
  makeClicks,
} from './lib/network';
import { BenchReceiver } from './lib/receiver';
import { BenchScenario, envInt } from './lib/scenario';

// Issue targets for intake → postback received, on the 2-core reference machine.
const TARGET_P50_MS = 25;
const TARGET_P99_MS = 150;

export const scenario: BenchScenario = {
  name: 'latency',
  description:
    'advertiser S2S conversions at an even 200/s, each on its own click and matching one rule: ' +
    'time from the intake request to the postback at a loopback receiver, vs a bare Node relay',
  run: runLatency,
};

async function runLatency(): Promise<Record<string, unknown>> {
  const rate = envInt('BENCH_LATENCY_RATE', 200);
  const durationSeconds = envInt('BENCH_LATENCY_DURATION', 30);
  const warmupSeconds = envInt('BENCH_LATENCY_WARMUP', 2);
  const baselineSeconds = envInt('BENCH_LATENCY_BASELINE_DURATION', 10);
  const settings = { rate, durationSeconds, warmupSeconds, baselineSeconds };
  return runDeliveryScenario<ConversionRun>('latency', settings, {
    async baseline(receiver) {
      const ids = Array.from({ length: rate * (baselineSeconds + warmupSeconds) }, (_, n) => {
        return `bare${n}`;
      });
      const baseline = await withBareRelay(receiver, '/lat', 1, (relayUrl) =>
        pacedConversions('latency', receiver, relayUrl, '/postback/bare', ids, {
          rate,
          durationSeconds: baselineSeconds,
          warmupSeconds,
        }),
      );
      reportConversions('bare relay', baseline);
      return baseline;
    },
    async measure(app, receiver, baseline) {
      const measured = await measureApp(app, receiver, { rate, durationSeconds, warmupSeconds });
      const { run } = measured;
      reportConversions(`app (${app.role})`, run);
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

async function measureApp(app: BenchApp, receiver: BenchReceiver, pace: ConversionPace) {
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
  const run = await pacedConversions(
    'latency',
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
  const check = await checkConversionsDelivered('latency', app, receiver, total);
  return {
    run,
    check,
    cpu: cpuUse,
    cpuMsPerConversion: cpuMsPer(cpuUse, total),
    // PostgreSQL transactions per conversion, intake and delivery (a lone statement is one).
    commitsPerConversion: round(commits / total, 2),
  };
}
