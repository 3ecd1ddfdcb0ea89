// `npm run demo`: the whole flow against a running service, in one command. The publisher's
// tracker is played by a server this script starts on 127.0.0.1, so the service must be started
// with loopback opened to postbacks (it refuses private addresses by default, SPEC §8):
//   ADMIN_API_KEY=change-me-to-a-long-random-secret POSTBACK_ALLOWED_CIDRS=127.0.0.0/8 npm start
// When it is not, the demo says so before creating anything.
import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';

// The same .env the service reads at start (src/main.ts), if there is one.
try {
  process.loadEnvFile('.env');
} catch {
  // no .env file: the environment alone
}

const BASE = process.env.PM_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const KEY = process.env.ADMIN_API_KEY;
const DELIVERY_WAIT_MS = 20_000;
const POLL_MS = 200;

// One agent for every request, closed at the end: idle keep-alive sockets would otherwise hold
// the process open for seconds after the demo is done.
const agent = new Agent();

// A message for the user, printed without a stack trace.
class DemoStop extends Error {}

const START_COMMAND = 'ADMIN_API_KEY=<your key> POSTBACK_ALLOWED_CIDRS=127.0.0.0/8 npm start';

interface Reply {
  status: number;
  body: any;
  text: string;
}

async function call(method: string, path: string, body?: unknown): Promise<Reply> {
  let res;
  try {
    res = await request(`${BASE}${path}`, {
      dispatcher: agent,
      method: method as 'GET',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new DemoStop(
      `No service answers at ${BASE} (${(error as Error).message}). Start it first, in another terminal:\n\n  ${START_COMMAND}\n\n(or point the demo elsewhere with PM_URL=http://host:port).`,
    );
  }
  const text = await res.body.text();
  let parsed: unknown = null;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // a text answer, e.g. the S2S "OK"
  }
  if (res.statusCode === 401) {
    throw new DemoStop(
      `The service at ${BASE} refused ADMIN_API_KEY: run the demo with the key the service was started with.`,
    );
  }
  return { status: res.statusCode, body: parsed, text };
}

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await call(method, path, body);
  if (res.status >= 300) throw new DemoStop(`${method} ${path} → ${res.status} ${res.text}`);
  return res.body;
}

// The rule's URL goes to 127.0.0.1; a preview says whether the service will send there at all.
async function checkDestination(ruleUrl: string): Promise<void> {
  const preview = await api('POST', '/api/postbacks/preview', { type: 'conversion', url: ruleUrl });
  const errors: { code: string; message: string }[] = preview.errors ?? [];
  if (errors.some((e) => e.code === 'destination_not_allowed')) {
    throw new DemoStop(
      [
        `The service at ${BASE} does not send postbacks to 127.0.0.1, where this demo's tracker`,
        'listens: by default postbacks go to public addresses only. Stop the service and start it',
        'with loopback opened (or add POSTBACK_ALLOWED_CIDRS=127.0.0.0/8 to .env), then run the',
        'demo again:',
        '',
        `  ${START_COMMAND}`,
        '  ADMIN_API_KEY=<your key> npm run demo',
        '',
        'Nothing was created. Open loopback only on a development machine.',
      ].join('\n'),
    );
  }
  if (errors.length > 0)
    throw new DemoStop(`The demo's rule is refused: ${JSON.stringify(errors)}`);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function main(): Promise<void> {
  if (!KEY) {
    throw new DemoStop(
      'Set ADMIN_API_KEY to the key the service was started with: ADMIN_API_KEY=<your key> npm run demo',
    );
  }

  // The publisher's "Keitaro": records what it receives.
  const received: string[] = [];
  let onRequest: () => void = () => {};
  const arrived = new Promise<void>((resolve) => (onRequest = resolve));
  const tracker = createServer((req: IncomingMessage, res) => {
    received.push(`${req.method} ${req.url} HTTP/${req.httpVersion}`);
    res.end('OK');
    onRequest();
  });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  const trackerOrigin = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}`;
  const ruleUrl = `${trackerOrigin}/k3y/postback?subid={external_transaction_id}&status={status}&payout={payout}&tid={conversion_id}`;

  try {
    await checkDestination(ruleUrl);
    const advertiser = await api('POST', '/api/advertisers', { name: 'Demo Advertiser' });
    const offer = await api('POST', '/api/offers', {
      name: 'Demo Offer',
      advertiserId: advertiser.id,
      url: 'https://advertiser.example/lp?click={transaction_id}&pub={aff_id}',
      payout: '10.00',
      revenue: '15.00',
      currency: 'USD',
    });
    const publisher = await api('POST', '/api/publishers', { name: 'Demo Publisher' });
    const rule = await api('POST', '/api/postbacks', {
      name: 'Keitaro main',
      type: 'conversion',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: ruleUrl,
      statuses: ['approved', 'rejected'],
      statusMap: { approved: 'sale', pending: 'lead', rejected: 'rejected' },
    });
    console.log(
      `Created advertiser ${advertiser.id}, offer ${offer.id}, publisher ${publisher.id}, rule ${rule.id}`,
    );

    const click = await request(
      `${BASE}/click?offer_id=${offer.id}&aff_id=${publisher.id}&external_transaction_id=keitaro-subid-42`,
      { dispatcher: agent },
    );
    await click.body.dump();
    const location = String(click.headers.location);
    const transactionId = new URL(location).searchParams.get('click')!;
    console.log(`\nClick → ${click.statusCode} Location: ${location}`);

    // payout: the publisher's payout for this conversion, in `currency` (default: the offer's).
    const intake = await call(
      'GET',
      `/postback/${advertiser.postbackKey}?clickid=${transactionId}&status=sale&payout=12.5`,
    );
    console.log(`Advertiser S2S postback (payout=12.5) → ${intake.status} ${intake.text}`);

    // Until the tracker has it and the log shows the attempt, or the deadline.
    const deadline = Date.now() + DELIVERY_WAIT_MS;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      arrived,
      new Promise<void>((resolve) => (timer = setTimeout(resolve, DELIVERY_WAIT_MS))),
    ]);
    clearTimeout(timer);
    let entry: any = null;
    do {
      const log = await api('GET', `/api/postback-logs?transactionId=${transactionId}`);
      entry = log.items[0] ?? null;
      if (entry !== null && entry.attempts.length > 0 && entry.state !== 'scheduled') break;
      await sleep(POLL_MS);
    } while (Date.now() < deadline);

    console.log("\nThe publisher's tracker received:");
    console.log(received.length ? `  ${received[0]}` : '  nothing (see the log entry below)');
    console.log('\nPostback log entry:');
    console.log(JSON.stringify(entry, null, 2));
    if (!received.length) process.exitCode = 1;
  } finally {
    // Also drops the service's keep-alive connection to the tracker, so close() returns at once.
    tracker.closeAllConnections();
    await new Promise<void>((resolve) => tracker.close(() => resolve()));
    await agent.close();
  }
}

main().catch((error) => {
  console.error(error instanceof DemoStop ? error.message : error);
  process.exitCode = 1;
});
