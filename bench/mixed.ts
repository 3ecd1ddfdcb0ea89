import { BenchApp } from './lib/app-process';
import { checkStored, collectInto } from './lib/click-check';
import {
  checkConversionsDelivered,
  pacedConversions,
  reportConversions,
} from './lib/conversion-run';
import { cpuMsPer, describeCpu, measureCpu } from './lib/cpu';
import { runDeliveryScenario } from './lib/delivery-scenario';
import { round } from './lib/load';
import { clickLink, createNetwork, createRule, deliveryStates, makeClicks } from './lib/network';
import { runPaced } from './lib/paced';
import { BenchReceiver } from './lib/receiver';
import { BenchScenario, envInt } from './lib/scenario';
import { bySecond, describeBySecond, Distribution, distribution } from './lib/stats';

// Issue #13 targets on the 2-core reference machine, from the first second after a start.
const TARGET_POSTBACK_P50_MS = 20;
const TARGET_POSTBACK_P99_MS = 100;
const TARGET_CLICK_P99_MS = 50;

export const scenario: BenchScenario = {
  name: 'mixed',
  description:
    'a live network from a fresh start: /click at an even 1,000/s on one offer while S2S ' +
    'conversions arrive at an even 200/s on another, no warm-up; conversion → postback and ' +
    '/click latency, CPU per conversion, nothing missing',
  run: runMixed,
};

async function runMixed(): Promise<Record<string, unknown>> {
  const clickRate = envInt('BENCH_MIXED_CLICK_RATE', 1000);
  const conversionRate = envInt('BENCH_MIXED_CONVERSION_RATE', 200);
  const seconds = envInt('BENCH_MIXED_SECONDS', 20);
  const settings = { clickRate, conversionRate, seconds };
  return runDeliveryScenario('mixed', settings, {
    // The floors are the isolated scenarios (clicks, latency); this one is about both at once.
    baseline: async () => null,
    measure: (app, receiver) => measure(app, receiver, settings),
  });
}

interface MixedSettings {
  clickRate: number;
  conversionRate: number;
  seconds: number;
}

async function measure(
  app: BenchApp,
  receiver: BenchReceiver,
  { clickRate, conversionRate, seconds }: MixedSettings,
): Promise<Record<string, unknown>> {
  const converting = await createNetwork(app, 'Mixed conversions');
  await createRule(app, {
    name: 'Mixed tracker',
    type: 'conversion',
    publisherId: converting.publisher.id,
    offerIds: [converting.offer.id],
    url: `${receiver.origin}/mixed/0?tid={transaction_id}&s={status}`,
    statuses: ['approved'],
  });
  // Visitors click on another offer, with no rule of its own.
  const visitors = await createNetwork(app, 'Mixed visitors');
  const conversions = conversionRate * seconds;
  const clicks = clickRate * seconds;
  const tids = await makeClicks(app, converting, conversions, 'mixed-conversion');

  // The load generator's own first seconds (its code, its client) must not count against the
  // service: it runs the same paced loops against the receiver first.
  await warmLoadGenerator(receiver, clickRate, conversionRate);
  // Creating the data went through the service: start it again so that nothing is warm.
  const restartStarted = performance.now();
  await app.restart();
  console.log(
    `mixed: ${conversions} clicks to convert made; service restarted, ready after ` +
      `${round((performance.now() - restartStarted) / 1000, 2)} s; load starts now`,
  );

  const cpu = measureCpu(app.pids);
  const clickDueAt = new Float64Array(clicks);
  const clickSamples: { second: number; ms: number }[] = [];
  const clickIds: string[] = [];
  const clicking = runPaced({
    url: clickLink(app, visitors, 'mixed'),
    rate: clickRate,
    durationSeconds: seconds,
    connections: 100,
    onSent: (n, _sentAt, plannedAt) => (clickDueAt[n] = plannedAt),
    onAnswer: (n) => {
      const ms = performance.now() - clickDueAt[n];
      clickSamples.push({ second: Math.floor(n / clickRate), ms });
    },
    onLocation: collectInto(clickIds),
  });
  const converted = pacedConversions(
    'mixed',
    receiver,
    app.baseUrl,
    `/postback/${converting.advertiser.postbackKey}`,
    tids,
    // A backlog is a figure to report, not a failed run: it gets time to drain.
    { rate: conversionRate, durationSeconds: seconds, warmupSeconds: 0, drainTimeoutMs: 120_000 },
  );
  const [clickRun, run] = await Promise.all([clicking, converted]).catch(async (error: Error) => {
    throw new Error(`${error.message}; deliveries: ${await deliveryStates(app)}`);
  });
  const cpuUse = cpu();

  // Nothing missing: every click answered with a stored click, every conversion's postback
  // received once and logged delivered.
  const redirects = clickRun.statusCounts['302'] ?? 0;
  if (redirects !== clicks || clickRun.errors > 0)
    throw new Error(
      `mixed: ${clicks} clicks sent, ${JSON.stringify(clickRun.statusCounts)} answered, ` +
        `${clickRun.errors} failed`,
    );
  const clickCheck = await checkStored(app, 'mixed', clickRun.statusCounts, clickIds, 0);
  const conversionCheck = await checkConversionsDelivered('mixed', app, receiver, conversions);

  const clickMs = distribution(clickSamples.map((s) => s.ms));
  const clicksBySecond = bySecond(clickSamples);
  const postback = run.endToEndMs;
  reportConversions(`app (${app.role})`, run);
  console.log(describeBySecond('conversion → postback', run.endToEndBySecond));
  // The service's pace: below the conversion rate while it is behind, above it while it catches up.
  console.log(`postbacks received per second: ${receiver.perSecond.join(' ')}`);
  console.log(
    `/click at ${clickRate}/s: p50 ${clickMs.p50} ms, p99 ${clickMs.p99} ms, ` +
      `max ${clickMs.max} ms (${clickRun.responses} answers)`,
  );
  console.log(describeBySecond('/click', clicksBySecond));
  console.log(describeCpu(cpuUse));
  const cpuMsPerConversion = cpuMsPer(cpuUse, conversions);
  console.log(
    `cpu ms per conversion (the ${clickRate / conversionRate} clicks beside each included): ` +
      JSON.stringify(cpuMsPerConversion),
  );
  const targets = {
    postbackP50Ms: TARGET_POSTBACK_P50_MS,
    postbackP99Ms: TARGET_POSTBACK_P99_MS,
    clickP99Ms: TARGET_CLICK_P99_MS,
    met:
      postback.p50 < TARGET_POSTBACK_P50_MS &&
      postback.p99 < TARGET_POSTBACK_P99_MS &&
      clickMs.p99 < TARGET_CLICK_P99_MS,
  };
  console.log(
    `conversion → postback p50 ${postback.p50} ms (target < ${TARGET_POSTBACK_P50_MS}), ` +
      `p99 ${postback.p99} ms (target < ${TARGET_POSTBACK_P99_MS}), max ${postback.max} ms; ` +
      `/click p99 ${clickMs.p99} ms (target < ${TARGET_CLICK_P99_MS}) — ` +
      `targets ${targets.met ? 'met' : 'NOT met'}`,
  );
  return {
    postback: { ...run, endToEndBySecond: compact(run.endToEndBySecond) },
    clicks: { ...clickRun, latencyMs: clickMs, bySecond: compact(clicksBySecond) },
    check: { clicks: clickCheck, conversions: conversionCheck },
    postbacksPerSecond: receiver.perSecond,
    cpu: cpuUse,
    cpuMsPerConversion,
    targets,
  };
}

// Two seconds of both paced loops at their rates, answered by the receiver (which is reset
// after), so V8 has compiled the bench's sending, answering and receiving code before the
// service's first request is due.
async function warmLoadGenerator(receiver: BenchReceiver, clickRate: number, rate: number) {
  const url = `${receiver.origin}/bench-warm-up`;
  await Promise.all([
    runPaced({ url, rate: clickRate, durationSeconds: 2, connections: 100 }),
    runPaced({ url, rate, durationSeconds: 2, connections: 50, onAnswer: () => undefined }),
  ]);
  receiver.reset();
}

// p50/p99/max per second keep the results file readable.
function compact(seconds: Distribution[]) {
  return seconds.map(({ count, p50, p99, max }) => ({ count, p50, p99, max }));
}
