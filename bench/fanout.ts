import { Pool } from 'undici';
import { BenchApp } from './lib/app-process';
import { runDeliveryScenario, withBareRelay } from './lib/delivery-scenario';
import {
  createNetwork,
  createRule,
  deliveredTotals,
  deliveryStates,
  makeClicks,
} from './lib/network';
import { BenchReceiver } from './lib/receiver';
import { BenchScenario, envInt } from './lib/scenario';
import { describeDistribution, Distribution, distribution } from './lib/stats';

// Issue target: one conversion's 20 postbacks all received within 100 ms of the intake request.
const TARGET_ALL_RECEIVED_MS = 100;
const ARRIVAL = /^\/fan\/(\d+)\?tid=([^&]+)/;
const WAIT_FOR_ALL_MS = 10_000;

export const scenario: BenchScenario = {
  name: 'fanout',
  description:
    'one advertiser S2S conversion matching 20 global rules of its publisher, repeated: time ' +
    'from the intake request until all 20 postbacks reached the receiver, vs a bare Node relay',
  run: runFanout,
};

interface FanoutRun {
  intakeMs: Distribution;
  firstReceivedMs: Distribution;
  allReceivedMs: Distribution;
}

async function runFanout(): Promise<Record<string, unknown>> {
  const rules = envInt('BENCH_FANOUT_RULES', 20);
  const repeats = envInt('BENCH_FANOUT_REPEATS', 20);
  const warmups = envInt('BENCH_FANOUT_WARMUP', 3);
  const gapMs = envInt('BENCH_FANOUT_GAP_MS', 200);
  const options = { rules, repeats, warmups, gapMs };
  return runDeliveryScenario<FanoutRun>('fanout', options, {
    async baseline(receiver) {
      const ids = Array.from({ length: warmups + repeats }, (_, n) => `bare${n}`);
      const baseline = await withBareRelay(receiver, '/fan', rules, (relayUrl) =>
        repeatFanout(receiver, relayUrl, '/postback/bare', ids, { rules, warmups, gapMs }),
      );
      report('bare relay', baseline);
      return baseline;
    },
    async measure(app, receiver, baseline) {
      const { run, check } = await measureApp(app, receiver, options);
      report(`app (${app.role})`, run);
      const met = run.allReceivedMs.max < TARGET_ALL_RECEIVED_MS;
      console.log(
        `all ${rules} received: p50 ${run.allReceivedMs.p50} ms, max ${run.allReceivedMs.max} ms ` +
          `(target < ${TARGET_ALL_RECEIVED_MS}); bare relay max ${baseline.allReceivedMs.max} ms ` +
          `— target ${met ? 'met' : 'NOT met'}`,
      );
      return {
        app: { ...run, check },
        bareRelay: baseline,
        targets: { allReceivedMs: TARGET_ALL_RECEIVED_MS, met },
      };
    },
  });
}

async function measureApp(
  app: BenchApp,
  receiver: BenchReceiver,
  options: { rules: number; repeats: number; warmups: number; gapMs: number },
) {
  const net = await createNetwork(app, 'Fanout');
  // Global rules of one publisher (no offer list): all of one scope kind, so all of them fire.
  for (let i = 0; i < options.rules; i++) {
    await createRule(app, {
      name: `Fanout tracker ${i}`,
      type: 'conversion',
      publisherId: net.publisher.id,
      url: `${receiver.origin}/fan/${i}?tid={transaction_id}&s={status}`,
      statuses: ['approved'],
    });
  }
  const conversions = options.warmups + options.repeats;
  const tids = await makeClicks(app, net, conversions, 'fanout');
  const run = await repeatFanout(
    receiver,
    app.baseUrl,
    `/postback/${net.advertiser.postbackKey}`,
    tids,
    options,
  ).catch(async (error: Error) => {
    throw new Error(`${error.message}; deliveries: ${await deliveryStates(app)}`);
  });

  const total = conversions * options.rules;
  const deliveries = await deliveredTotals(app, 'fanout', total);
  const check = {
    conversions,
    deliveries: deliveries.n,
    attempts: deliveries.attempts,
    received: receiver.received,
    duplicates: receiver.duplicates,
  };
  if (deliveries.n !== total || deliveries.attempts !== total || receiver.duplicates > 0)
    throw new Error(
      `fanout: expected ${total} deliveries, one attempt each: ${JSON.stringify(check)}`,
    );
  console.log(
    `fanout: ${conversions} conversions × ${options.rules} rules = ${total} deliveries ` +
      `delivered, one attempt each, no duplicates`,
  );
  return { run, check };
}

// One conversion at a time (the machine otherwise idle), each waited for until every rule's
// postback arrived; the first `warmups` are not recorded.
async function repeatFanout(
  receiver: BenchReceiver,
  baseUrl: string,
  path: string,
  ids: string[],
  options: { rules: number; warmups: number; gapMs: number },
): Promise<FanoutRun> {
  const pool = new Pool(baseUrl, { connections: 1 });
  const intake: number[] = [];
  const first: number[] = [];
  const all: number[] = [];
  let current: { tid: string; arrivals: number[]; rules: Set<number> } | null = null;
  let stray = 0;
  receiver.onArrival = (arrival) => {
    const match = ARRIVAL.exec(arrival.target);
    if (!match || !current || decodeURIComponent(match[2]) !== current.tid) {
      stray++;
      return;
    }
    current.arrivals.push(arrival.at);
    current.rules.add(Number(match[1]));
  };
  try {
    for (const [n, tid] of ids.entries()) {
      current = { tid, arrivals: [], rules: new Set() };
      const before = receiver.received;
      const sentAt = performance.now();
      const response = await pool.request({
        method: 'GET',
        path: `${path}?clickid=${encodeURIComponent(tid)}&status=approved`,
      });
      const body = await response.body.text();
      const answeredAt = performance.now();
      if (response.statusCode !== 200 || body !== 'OK')
        throw new Error(`fanout: intake answered ${response.statusCode} ${body.slice(0, 200)}`);
      await receiver.waitForCount(before + options.rules, WAIT_FOR_ALL_MS);
      if (current.rules.size !== options.rules || current.arrivals.length !== options.rules)
        throw new Error(
          `fanout: conversion ${n} reached ${current.rules.size} distinct rules in ` +
            `${current.arrivals.length} postbacks, expected ${options.rules}`,
        );
      if (n >= options.warmups) {
        intake.push(answeredAt - sentAt);
        first.push(Math.min(...current.arrivals) - sentAt);
        all.push(Math.max(...current.arrivals) - sentAt);
      }
      await new Promise((resolve) => setTimeout(resolve, options.gapMs));
    }
  } finally {
    await pool.close();
  }
  if (stray > 0) throw new Error(`fanout: ${stray} postbacks matched no conversion in flight`);
  return {
    intakeMs: distribution(intake),
    firstReceivedMs: distribution(first),
    allReceivedMs: distribution(all),
  };
}

function report(label: string, run: FanoutRun): void {
  console.log(describeDistribution(`${label} intake HTTP`, run.intakeMs));
  console.log(describeDistribution(`${label} first postback`, run.firstReceivedMs));
  console.log(describeDistribution(`${label} all postbacks`, run.allReceivedMs));
}
