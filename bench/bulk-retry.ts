import { BenchApp } from './lib/app-process';
import { runDeliveryScenario } from './lib/delivery-scenario';
import { round } from './lib/load';
import {
  clickLink,
  createNetwork,
  createRule,
  deliveryStates,
  makeClicks,
  waitForCount,
} from './lib/network';
import { PacedSummary, runPaced } from './lib/paced';
import { BenchReceiver } from './lib/receiver';
import { BenchScenario, envInt } from './lib/scenario';

// The failures: a host taken from the click (`sub1=bad host`) can't be sent to. Such failures
// don't pause the rule (a receiver that is down would, after 20, and stop new deliveries).
const FAILING_URL = 'http://{sub1|raw}/down?cid={transaction_id}';

export const scenario: BenchScenario = {
  name: 'bulk-retry',
  description:
    '10,000 failed click postbacks re-sent by one POST /api/postback-logs/retry while /click ' +
    'takes an even 500/s on another offer: /click p50/p99 before and during, time to re-send all',
  run: runBulkRetry,
};

async function runBulkRetry(): Promise<Record<string, unknown>> {
  const total = envInt('BENCH_BULK_RETRY_DELIVERIES', 10_000);
  const rate = envInt('BENCH_RATE', 500);
  const seconds = envInt('BENCH_RATE_DURATION', 10);
  const settings = { total, clickRate: rate, seconds };
  return runDeliveryScenario('bulk-retry', settings, {
    // The floor is the service itself without a retry running (measured in `measure`).
    baseline: async () => null,
    measure: (app, receiver) => measure(app, receiver, total, rate, seconds),
  });
}

async function measure(
  app: BenchApp,
  receiver: BenchReceiver,
  total: number,
  rate: number,
  seconds: number,
): Promise<Record<string, unknown>> {
  // The tracker was down: every delivery of this rule failed on its only attempt.
  const failing = await createNetwork(app, 'Bulk retry');
  const ruleId = await createRule(app, {
    name: 'Tracker that was down',
    type: 'click',
    publisherId: failing.publisher.id,
    offerIds: [failing.offer.id],
    url: FAILING_URL,
    maxAttempts: 1,
  });
  await makeClicks(app, failing, total, 'bad%20host');
  await waitForCount(
    app,
    'bulk-retry: deliveries failed',
    `SELECT count(*)::int AS n FROM deliveries WHERE state = 'failed'`,
    [],
    total,
    300_000,
    500,
  );
  // The rule is fixed; its failed deliveries are re-sent with the rule as it is now.
  await app.api('PATCH', `/api/postbacks/${ruleId}`, {
    url: `${receiver.origin}/back?cid={transaction_id}`,
  });

  // Visitors keep clicking on another offer, with no rule of its own.
  const visitors = await createNetwork(app, 'Visitors');
  const paced = (sub1: string) =>
    runPaced({
      url: clickLink(app, visitors, sub1),
      rate,
      durationSeconds: seconds,
      connections: 50,
      warmupSeconds: 1,
    });
  const before = await paced('before');

  const during = paced('during');
  const retryStarted = performance.now();
  const answer = await app.api<{ matched: number; queued: number; more: boolean }>(
    'POST',
    '/api/postback-logs/retry',
    { postbackId: ruleId },
  );
  const retryAnswerMs = performance.now() - retryStarted;
  await receiver.waitForCount(total, 300_000).catch(async (error: Error) => {
    throw new Error(`bulk-retry: ${error.message}; deliveries: ${await deliveryStates(app)}`);
  });
  const resentSeconds = ((receiver.lastAt ?? 0) - retryStarted) / 1000;
  const clicksDuring = await during;

  if (answer.matched !== total || answer.queued !== total)
    throw new Error(`bulk-retry: answered ${JSON.stringify(answer)} for ${total} failed`);
  if (receiver.duplicates > 0)
    throw new Error(`bulk-retry: ${receiver.duplicates} deliveries received twice`);
  const [delivered] = await app.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM deliveries WHERE postback_id = $1 AND state = 'delivered'`,
    [ruleId],
  );
  if (delivered.n !== total)
    throw new Error(`bulk-retry: ${delivered.n}/${total} deliveries ended delivered`);

  console.log(describeClicks('/click before the retry', before));
  console.log(describeClicks('/click during the retry', clicksDuring));
  console.log(
    `bulk retry of ${total}: answered in ${round(retryAnswerMs)} ms ` +
      `(${JSON.stringify(answer)}); all re-sent ${round(resentSeconds, 2)} s after the call, ` +
      `each received once, all logged delivered`,
  );
  return {
    load: `/click at an even ${rate}/s on an offer with no rules, ${seconds} s before and during`,
    retry: { ...answer, answerMs: round(retryAnswerMs), resentSeconds: round(resentSeconds, 2) },
    clicksBefore: before,
    clicksDuring,
  };
}

function describeClicks(label: string, s: PacedSummary): string {
  const statuses = JSON.stringify(s.statusCounts);
  return (
    `${label}: ${s.requestsPerSecond}/s, p50 ${round(s.latencyMs.p50)} ms, ` +
    `p99 ${round(s.latencyMs.p99)} ms, max ${round(s.latencyMs.max)} ms (${statuses})`
  );
}
