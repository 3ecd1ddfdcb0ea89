import { BenchApp, startApp } from './app-process';
import { runLoad } from './load';

// What the delivery scenarios share: the catalog and rules created through the public API,
// clicks through GET /click, the queue paused and resumed through the admin queue dashboard.

export interface BenchNetwork {
  advertiser: { id: number; postbackKey: string };
  offer: { id: number };
  publisher: { id: number };
}

// `{transaction_id}` in the offer URL: each 302 names the click's network id.
const OFFER_URL = 'https://adv.example/lp?click={transaction_id}';
const CLICK_ID = /[?&]click=([^&]+)/;

// How the delivery scenarios run the service: one `ROLE=all` process, or an `api` process plus
// a `worker` process (two Node processes on the 2 cores). `BENCH_DELIVERY_ROLES` picks.
export type DeliveryRoles = 'all' | 'api+worker';

export function deliveryRoles(): DeliveryRoles {
  const value = process.env.BENCH_DELIVERY_ROLES ?? 'all';
  if (value !== 'all' && value !== 'api+worker')
    throw new Error(`BENCH_DELIVERY_ROLES must be all or api+worker, got "${value}"`);
  return value;
}

// Loopback receivers are refused unless opened (SPEC §8); the rest is the service's defaults
// unless the environment says otherwise (e.g. WORKER_CONCURRENCY=100 npm run bench -- …).
export async function startDeliveryApp(roles: DeliveryRoles): Promise<BenchApp> {
  const env = { POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' };
  if (roles === 'all') return startApp({ ...env, ROLE: 'all' });
  const app = await startApp({ ...env, ROLE: 'api' });
  try {
    await app.addProcess({ ...env, ROLE: 'worker' });
  } catch (error) {
    await app.stop();
    throw error;
  }
  return app;
}

// The settings a reader needs to reproduce a figure: the service's own defaults when unset.
export function serviceSettings(): Record<string, string> {
  const names = [
    'WORKER_CONCURRENCY',
    'POSTBACK_MAX_CONNECTIONS_PER_ORIGIN',
    'DB_POOL_SIZE',
    'CLICK_BATCH_MAX_ROWS',
    'CLICK_BATCH_WAIT_MS',
  ];
  return Object.fromEntries(names.map((n) => [n, process.env[n] ?? 'default']));
}

export async function createNetwork(app: BenchApp, name: string): Promise<BenchNetwork> {
  const advertiser = await app.api('POST', '/api/advertisers', { name: `${name} advertiser` });
  const offer = await app.api('POST', '/api/offers', {
    name: `${name} offer`,
    advertiserId: advertiser.id,
    url: OFFER_URL,
    payout: '1.00',
    revenue: '2.00',
    currency: 'USD',
  });
  const publisher = await app.api('POST', '/api/publishers', { name: `${name} publisher` });
  return { advertiser, offer, publisher };
}

export async function createRule(app: BenchApp, rule: Record<string, unknown>): Promise<number> {
  const created = await app.api('POST', '/api/postbacks', { method: 'GET', ...rule });
  return created.id;
}

export function clickLink(app: BenchApp, net: BenchNetwork, sub1: string): string {
  return (
    `${app.baseUrl}/click?offer_id=${net.offer.id}&aff_id=${net.publisher.id}` +
    `&external_transaction_id=bench-ext&sub1=${sub1}`
  );
}

// `count` clicks through GET /click, as fast as the service takes them; answers their
// transaction ids. Anything but a 302 with a click id fails the run.
export async function makeClicks(
  app: BenchApp,
  net: BenchNetwork,
  count: number,
  sub1: string,
): Promise<string[]> {
  const ids: string[] = [];
  const load = await runLoad({
    url: clickLink(app, net, sub1),
    connections: Math.min(50, count),
    durationSeconds: 0,
    amount: count,
    onLocation: (location) => {
      const match = CLICK_ID.exec(location);
      if (match) ids.push(decodeURIComponent(match[1]));
    },
  });
  const redirects = load.statusCounts['302'] ?? 0;
  if (redirects !== count || ids.length !== count || load.errors > 0)
    throw new Error(
      `clicks: wanted ${count} × 302, got ${JSON.stringify(load.statusCounts)}, ` +
        `${ids.length} click ids, ${load.errors} errors`,
    );
  return ids;
}

// Pause/resume of the deliveries queue, as an operator would from the queue dashboard.
export async function setDeliveriesPaused(app: BenchApp, paused: boolean): Promise<void> {
  const action = paused ? 'pause' : 'resume';
  const response = await fetch(`${app.baseUrl}/admin/queues/api/queues/deliveries/${action}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${app.adminKey}` },
  });
  if (!response.ok)
    throw new Error(`queue dashboard ${action}: ${response.status} ${await response.text()}`);
}

// Polls a count query until it reaches `target`; fails loudly after `timeoutMs`.
export async function waitForCount(
  app: BenchApp,
  what: string,
  sql: string,
  params: unknown[],
  target: number,
  timeoutMs: number,
  everyMs = 100,
): Promise<number> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const [row] = await app.query<{ n: number }>(sql, params);
    if (row.n >= target) return performance.now();
    if (performance.now() > deadline)
      throw new Error(`${what}: ${row.n}/${target} after ${Math.round(timeoutMs / 1000)} s`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

// Waits until `total` deliveries are logged delivered (a 200 attempt each), then counts every
// delivery and attempt, for the caller's exactly-once check.
export async function deliveredTotals(
  app: BenchApp,
  label: string,
  total: number,
): Promise<{ n: number; attempts: number }> {
  await waitForCount(
    app,
    `${label}: deliveries logged delivered`,
    `SELECT count(*)::int AS n FROM deliveries d JOIN delivery_attempts a ON a.delivery_id = d.id
      WHERE d.state = 'delivered' AND a.status_code = 200`,
    [],
    total,
    30_000,
  );
  const [deliveries] = await app.query<{ n: number; attempts: number }>(
    `SELECT count(*)::int AS n, coalesce(sum(attempt_count), 0)::int AS attempts FROM deliveries`,
  );
  return deliveries;
}

// For error messages: where the deliveries stand when a check fails.
export async function deliveryStates(app: BenchApp): Promise<string> {
  const rows = await app.query<{ state: string; n: number; attempts: number }>(
    `SELECT state, count(*)::int AS n, sum(attempt_count)::int AS attempts
       FROM deliveries GROUP BY state ORDER BY state`,
  );
  const [attempts] = await app.query<{ n: number; errors: string }>(
    `SELECT count(*)::int AS n,
            string_agg(DISTINCT coalesce(error, status_code::text), ', ') AS errors
       FROM delivery_attempts`,
  );
  const intake = await app.query<{ outcome: string; error_code: string | null; n: number }>(
    `SELECT outcome, error_code, count(*)::int AS n FROM intake_logs GROUP BY 1, 2`,
  );
  return (
    (rows.map((r) => `${r.state} ${r.n} (${r.attempts} attempts)`).join(', ') || 'none') +
    `; attempt rows ${attempts.n} (${attempts.errors ?? 'none'})` +
    `; intake log ${intake.map((r) => `${r.outcome}/${r.error_code ?? '-'} ${r.n}`).join(', ')}` +
    `\nlast service log lines:\n${app.recentOutput().slice(-8).join('\n')}`
  );
}

// The database's committed transactions so far (statistics lag ~1 s, hence the pause).
export async function committedTransactions(app: BenchApp): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const [row] = await app.query<{ n: string }>(
    `SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()`,
  );
  return Number(row.n);
}
