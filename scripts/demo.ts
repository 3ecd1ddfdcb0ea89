// `npm run demo`: the whole flow against a running service, in one command.
// Start the service with loopback opened for the demo's receiver, e.g.
//   ADMIN_API_KEY=change-me-to-a-long-random-secret POSTBACK_ALLOWED_CIDRS=127.0.0.0/8 npm start
import { createServer, IncomingMessage } from 'node:http';
import { AddressInfo } from 'node:net';
import { request } from 'undici';

const BASE = process.env.PM_URL ?? `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const KEY = process.env.ADMIN_API_KEY;

async function api(method: string, path: string, body?: unknown): Promise<any> {
  const res = await request(`${BASE}${path}`, {
    method: method as 'GET',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${method} ${path} → ${res.statusCode} ${text}`);
  return text ? JSON.parse(text) : null;
}

async function main(): Promise<void> {
  if (!KEY) throw new Error('Set ADMIN_API_KEY to the key the service was started with.');

  // The publisher's "Keitaro": records what it receives.
  const received: { line: string; at: number }[] = [];
  let onRequest: (() => void) | null = null;
  const tracker = createServer((req: IncomingMessage, res) => {
    received.push({ line: `${req.method} ${req.url} HTTP/${req.httpVersion}`, at: Date.now() });
    res.end('OK');
    onRequest?.();
  });
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  const trackerOrigin = `http://127.0.0.1:${(tracker.address() as AddressInfo).port}`;

  try {
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
      url: `${trackerOrigin}/k3y/postback?subid={external_transaction_id}&status={status}&payout={payout}&tid={conversion_id}`,
      statuses: ['approved', 'rejected'],
      statusMap: { approved: 'sale', pending: 'lead', rejected: 'rejected' },
    });
    console.log(
      `Created advertiser ${advertiser.id}, offer ${offer.id}, publisher ${publisher.id}, rule ${rule.id}`,
    );

    const click = await request(
      `${BASE}/click?offer_id=${offer.id}&aff_id=${publisher.id}&external_transaction_id=keitaro-subid-42`,
    );
    await click.body.dump();
    const location = String(click.headers.location);
    const transactionId = new URL(location).searchParams.get('click')!;
    console.log(`\nClick → ${click.statusCode} Location: ${location}`);

    const arrived = new Promise<void>((resolve) => (onRequest = resolve));
    const intake = await request(
      `${BASE}/postback/${advertiser.postbackKey}?clickid=${transactionId}&status=sale&payout=12.5`,
    );
    console.log(`Advertiser S2S postback → ${intake.statusCode} ${await intake.body.text()}`);

    await Promise.race([arrived, new Promise((resolve) => setTimeout(resolve, 15_000))]);
    const log = await api('GET', `/api/postback-logs?transactionId=${transactionId}`);
    console.log("\nThe publisher's tracker received:");
    console.log(received.length ? `  ${received[0].line}` : '  nothing (see the log entry below)');
    console.log('\nPostback log entry:');
    console.log(JSON.stringify(log.items[0] ?? null, null, 2));
    if (log.items[0]?.attempts?.[0]?.error === 'destination_not_allowed') {
      console.log(
        '\nThe service refuses loopback destinations: start it with POSTBACK_ALLOWED_CIDRS=127.0.0.0/8.',
      );
    }
    if (!received.length) process.exitCode = 1;
  } finally {
    tracker.close();
  }
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
