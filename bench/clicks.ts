import { loadavg } from 'node:os';
import { BenchApp, startApp } from './lib/app-process';
import { startBareServer } from './lib/bare-server';
import { describeLoad, LoadSummary, round, runLoad } from './lib/load';
import { runPaced } from './lib/paced';
import { BenchScenario, envInt } from './lib/scenario';
import { checkStored, collectInto } from './lib/click-check';

// SPEC/issue targets on the 2-core reference machine.
const TARGET_STORED_PER_SECOND = 3000;
const TARGET_P99_MS = 50;

const OFFER_URL = 'https://adv.example/lp?click={transaction_id}&pub={aff_id}&s={sub1}';

export const scenario: BenchScenario = {
  name: 'clicks',
  description:
    'GET /click at full speed and at a fixed 1,000/s against `node dist/src/main.js`, ' +
    'every 302 checked against the stored rows, compared with a bare Node http 302',
  run: runClicks,
};

async function runClicks(): Promise<Record<string, unknown>> {
  const durationSeconds = envInt('BENCH_DURATION', 20);
  const connections = envInt('BENCH_CONNECTIONS', 100);
  const rate = envInt('BENCH_RATE', 1000);
  const rateSeconds = envInt('BENCH_RATE_DURATION', 10);
  const warmupSeconds = envInt('BENCH_WARMUP', 3);
  const settings = { durationSeconds, connections, rate, rateSeconds, warmupSeconds };
  // Other work on the machine skews every figure; the load average says how much there was.
  const loadAverageAtStart = round(loadavg()[0], 2);
  console.log(`clicks: ${JSON.stringify(settings)}`);

  // The baseline runs first, alone on the machine like the app after it.
  const bare = await startBareServer();
  let baseline: LoadSummary;
  try {
    const link = `${bare.baseUrl}/click?offer_id=1&aff_id=1&external_transaction_id=bench&sub1=full`;
    await runLoad({ url: link, connections, durationSeconds: warmupSeconds });
    // Same client work as for the app (reading each Location), so the ratio is fair.
    baseline = await runLoad({ url: link, connections, durationSeconds, onLocation: () => {} });
  } finally {
    await bare.stop();
  }
  console.log(describeLoad('bare node http 302', baseline));

  const app = await startApp();
  try {
    const link = await trackingLink(app);
    await runLoad({ url: link('warmup'), connections, durationSeconds: warmupSeconds });

    const fullIds: string[] = [];
    const full = await runLoad({
      url: link('full'),
      connections,
      durationSeconds,
      onLocation: collectInto(fullIds),
    });
    const fullCheck = await checkStored(app, 'full', full.statusCounts, fullIds, connections);
    const storedPerSecond = round(fullCheck.answeredAndStored / full.durationSeconds);
    console.log(describeLoad('app GET /click', full));

    const rateIds: string[] = [];
    const fixed = await runLoad({
      url: link('rate'),
      connections,
      durationSeconds: rateSeconds,
      overallRate: rate,
      onLocation: collectInto(rateIds),
    });
    const rateCheck = await checkStored(app, 'rate', fixed.statusCounts, rateIds, connections);
    console.log(describeLoad(`app at ${rate}/s (bursts)`, fixed));

    // autocannon's rate limit sends each second's requests in a burst at its start; this run
    // spaces them evenly, as real traffic arrives. Every request completes: no cut-off allowed.
    const pacedIds: string[] = [];
    const paced = await runPaced({
      url: link('paced'),
      rate,
      durationSeconds: rateSeconds,
      warmupSeconds: Math.min(2, warmupSeconds),
      connections,
      onLocation: collectInto(pacedIds),
    });
    const pacedCheck = await checkStored(app, 'paced', paced.statusCounts, pacedIds, 0);
    console.log(
      `${`app paced ${rate}/s`.padEnd(22)} ${String(Math.round(paced.requestsPerSecond)).padStart(7)} req/s   ` +
        `p50 ${paced.latencyMs.p50} ms   p99 ${paced.latencyMs.p99} ms   max ${paced.latencyMs.max} ms   ` +
        `(${paced.responses} answers, ${paced.errors} errors)`,
    );

    const ratio = round(full.requestsPerSecond / baseline.requestsPerSecond, 3);
    const targetsMet =
      storedPerSecond >= TARGET_STORED_PER_SECOND && full.latencyMs.p99 < TARGET_P99_MS;
    console.log(
      `stored clicks/s ${storedPerSecond} (target ≥ ${TARGET_STORED_PER_SECOND}), ` +
        `p99 ${full.latencyMs.p99} ms (target < ${TARGET_P99_MS}), ` +
        `${Math.round(ratio * 100)}% of bare node — targets ${targetsMet ? 'met' : 'NOT met'}`,
    );
    return {
      settings: { ...settings, role: app.role },
      loadAverageAtStart,
      loadAverageAtEnd: round(loadavg()[0], 2),
      app: { ...full, storedPerSecond, check: fullCheck },
      bareNode: baseline,
      appToBareRatio: ratio,
      fixedRate: { ...fixed, targetRate: rate, check: rateCheck },
      pacedRate: { ...paced, check: pacedCheck },
      targets: {
        storedPerSecond: TARGET_STORED_PER_SECOND,
        p99Ms: TARGET_P99_MS,
        met: targetsMet,
      },
    };
  } finally {
    await app.stop();
  }
}

// Creates the catalog through the API, as a network manager would, and returns the link maker.
async function trackingLink(app: BenchApp): Promise<(phase: string) => string> {
  const advertiser = await app.api('POST', '/api/advertisers', { name: 'Bench advertiser' });
  const offer = await app.api('POST', '/api/offers', {
    name: 'Bench offer',
    advertiserId: advertiser.id,
    url: OFFER_URL,
    payout: '1.00',
    revenue: '2.00',
    currency: 'USD',
  });
  const publisher = await app.api('POST', '/api/publishers', { name: 'Bench publisher' });
  return (phase) =>
    `${app.baseUrl}/click?offer_id=${offer.id}&aff_id=${publisher.id}` +
    `&external_transaction_id=bench-ext-id&sub1=${phase}&source=autocannon&utm_campaign=junk`;
}
