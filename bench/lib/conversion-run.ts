import type { BenchApp } from './app-process';
import { deliveredTotals } from './network';
import { PacedSummary, runPaced } from './paced';
import type { BenchReceiver } from './receiver';
import { bySecond, describeDistribution, Distribution, distribution } from './stats';

const TID = /[?&]tid=([^&]+)/;

export interface ConversionPace {
  rate: number;
  durationSeconds: number;
  warmupSeconds: number;
  // How long the last postbacks may take to arrive after the last conversion was sent.
  drainTimeoutMs?: number;
}

export interface ConversionRun {
  intake: PacedSummary;
  // Intake request due → receiver got the postback (recorded requests only, not the warm-up).
  endToEndMs: Distribution;
  // The same, per second of the recorded run: a cold start shows in the first ones.
  endToEndBySecond: Distribution[];
  received: number;
  answersNotOk: number;
}

// Open-loop GETs `<base><path>?clickid=<id n>&status=approved` at an even pace; each must come
// back 200 and reach the receiver exactly once, matched by `tid=` in the postback URL (the rule
// URL must carry `tid={transaction_id}`). Time counts from when the request was due, so a late
// sender does not hide a stall.
export async function pacedConversions(
  label: string,
  receiver: BenchReceiver,
  baseUrl: string,
  path: string,
  ids: string[],
  pace: ConversionPace,
): Promise<ConversionRun> {
  const indexOf = new Map(ids.map((id, n) => [id, n]));
  const recordFrom = pace.rate * pace.warmupSeconds;
  const dueAt = new Float64Array(ids.length);
  const samples: { second: number; ms: number }[] = [];
  let stray = 0;
  let answersNotOk = 0;
  receiver.onArrival = (arrival) => {
    const match = TID.exec(arrival.target);
    const n = match ? indexOf.get(decodeURIComponent(match[1])) : undefined;
    if (n === undefined) stray++;
    else if (n >= recordFrom)
      samples.push({ second: Math.floor((n - recordFrom) / pace.rate), ms: arrival.at - dueAt[n] });
  };
  const intake = await runPaced({
    url: `${baseUrl}${path}`,
    rate: pace.rate,
    durationSeconds: pace.durationSeconds,
    warmupSeconds: pace.warmupSeconds,
    connections: 50,
    pathFor: (n) => `${path}?clickid=${encodeURIComponent(ids[n])}&status=approved`,
    onSent: (n, _sentAt, plannedAt) => (dueAt[n] = plannedAt),
    onAnswer: (_n, status, body) => {
      if (status !== 200 || body !== 'OK') answersNotOk++;
    },
  });
  if (intake.errors > 0 || answersNotOk > 0)
    throw new Error(
      `${label}: ${intake.errors} intake requests failed, ${answersNotOk} answers not 200 OK ` +
        `(${JSON.stringify(intake.statusCounts)})`,
    );
  await receiver.waitForCount(ids.length, pace.drainTimeoutMs ?? 30_000);
  if (stray > 0) throw new Error(`${label}: ${stray} postbacks matched no conversion`);
  return {
    intake,
    endToEndMs: distribution(samples.map((s) => s.ms)),
    endToEndBySecond: bySecond(samples),
    received: receiver.received,
    answersNotOk,
  };
}

// After a run of `total` conversions on a service whose only rule is the receiver's: every
// conversion stored, every delivery logged delivered with its one attempt, no postback twice.
export async function checkConversionsDelivered(
  label: string,
  app: BenchApp,
  receiver: BenchReceiver,
  total: number,
) {
  const [stored] = await app.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM conversions WHERE status = 'approved'`,
  );
  const deliveries = await deliveredTotals(app, label, total);
  const check = {
    conversionsStored: stored.n,
    deliveries: deliveries.n,
    attempts: deliveries.attempts,
    received: receiver.received,
    duplicates: receiver.duplicates,
  };
  const problems: string[] = [];
  if (stored.n !== total) problems.push(`${stored.n}/${total} conversions stored`);
  if (deliveries.n !== total || deliveries.attempts !== total)
    problems.push(`${deliveries.n} deliveries with ${deliveries.attempts} attempts for ${total}`);
  if (receiver.duplicates > 0) problems.push(`${receiver.duplicates} duplicate postbacks`);
  if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}`);
  console.log(
    `${label}: ${total} conversions = ${total} deliveries delivered, one attempt each, ` +
      `${receiver.received} postbacks received, no duplicates`,
  );
  return check;
}

export function reportConversions(label: string, run: ConversionRun): void {
  console.log(describeDistribution(`${label} intake → postback`, run.endToEndMs));
  const i = run.intake.latencyMs;
  console.log(
    `${`${label} intake HTTP`.padEnd(30)} p50 ${i.p50} ms   p90 ${i.p90} ms   p99 ${i.p99} ms   ` +
      `max ${i.max} ms   (${run.intake.responses} answers at ${run.intake.requestsPerSecond}/s)`,
  );
}
