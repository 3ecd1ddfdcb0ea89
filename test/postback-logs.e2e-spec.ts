import { createAdvertiser, createKey, createOffer, createPublisher } from './helpers/fixtures';
import { createRule } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { createClick } from './helpers/tracking-fixtures';
import { TestApp } from './helpers/test-app';

// A retry a minute after the first failure keeps a delivery visibly `retrying` during the test.
const ENV = {
  POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
  DELIVERY_RETRY_SCHEDULE: '0,60000',
};

// A loopback URL nothing listens on, so connecting is refused: the discard port, below the
// range listen(0) hands out, so no other test's server can take it (as it could a port found
// free and closed again).
const REFUSING_ORIGIN = 'http://127.0.0.1:9';

// One CSV line into its fields (RFC 4180: quoted fields may hold commas and doubled quotes).
function csvFields(line: string): string[] {
  const fields: string[] = [];
  const pattern = /("(?:[^"]|"")*"|[^,]*)(,|$)/g;
  for (const match of line.matchAll(pattern)) {
    const raw = match[1];
    fields.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (match[2] === '') break;
  }
  return fields;
}

describe('Postback log entries for publishers (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let publisher: any;
  let publisherKey: string;

  beforeAll(async () => {
    t = await TestApp.start(ENV);
    receiver = await Receiver.start();
    publisher = await createPublisher(t);
    publisherKey = await createKey(t, { role: 'publisher', publisherId: publisher.id });
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  // A click rule on a fresh offer, and one click through it; resolves to its log entry once
  // `predicate` holds, read with the publisher's own key.
  async function fire(
    rule: Record<string, unknown>,
    predicate: (entry: any) => boolean,
    click: Record<string, string> = {},
  ) {
    const advertiser = await createAdvertiser(t);
    const offer = await createOffer(t, advertiser.id);
    const created = await createRule(t, {
      name: 'log',
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      ...rule,
    });
    const { transactionId } = await createClick(t, {
      offerId: offer.id,
      publisherId: publisher.id,
      ...click,
    });
    const entry = await eventually(
      async () => {
        const res = await t.get(`/api/postback-logs?transactionId=${transactionId}`, {
          key: publisherKey,
        });
        const found = res.body.items?.[0];
        return found && predicate(found) ? found : undefined;
      },
      20_000,
      `log entry of ${transactionId}`,
    );
    return { entry, rule: created, transactionId };
  }

  it('shows when a retrying delivery fires next and how many attempts it has left', async () => {
    receiver.script('/busy', { status: 503 });
    const before = Date.now();
    const { entry } = await fire(
      { url: receiver.url('/busy?c={transaction_id}'), maxAttempts: 4 },
      (e) => e.state === 'retrying' && e.attempts.length === 1,
    );
    expect(entry.attemptsLeft).toBe(3);
    // About a minute out (±20 % jitter), not null: the sweeper and the reader both see it.
    const next = Date.parse(entry.nextAttemptAt);
    expect(next).toBeGreaterThan(before + 40_000);
    expect(next).toBeLessThan(Date.now() + 80_000);
    expect(entry.attempts[0]).toMatchObject({
      statusCode: 503,
      error: null,
      errorText: 'tracker error (503 Service Unavailable)',
    });

    receiver.script('/gone', { status: 404 });
    const failed = await fire(
      { url: receiver.url('/gone?c={transaction_id}'), maxAttempts: 4 },
      (e) => e.state === 'failed',
    );
    expect(failed.entry).toMatchObject({ attemptsLeft: 0, nextAttemptAt: null });
  });

  it('shows one attempt left for a test fire under way, whatever maxAttempts, none once done', async () => {
    const advertiser = await createAdvertiser(t);
    const offer = await createOffer(t, advertiser.id);
    const rule = await createRule(t, {
      name: 'held test',
      type: 'click',
      publisherId: publisher.id,
      offerIds: [offer.id],
      url: receiver.url('/held-test'),
      maxAttempts: 5,
    });
    let answer!: () => void;
    receiver.script('/held-test', { until: new Promise<void>((resolve) => (answer = resolve)) });
    const fired = t.post(`/api/postbacks/${rule.id}/test`, {});
    await receiver.waitFor('/held-test', 1);
    const [{ id }] = await t.query(`SELECT id FROM deliveries WHERE postback_id = $1 AND test`, [
      rule.id,
    ]);
    const pending = await t.get(`/api/postback-logs/${id}`, { key: publisherKey });
    expect(pending.body).toMatchObject({ state: 'scheduled', test: true, attemptsLeft: 1 });
    answer();
    const done = await fired;
    expect(done.body).toMatchObject({ id, state: 'delivered', attemptsLeft: 0 });
  });

  it('says in words why an attempt failed, beside the technical code', async () => {
    receiver.script('/moved', {
      status: 302,
      headers: { location: 'https://tracker.example/pb?id=1' },
    });
    const redirected = await fire(
      { url: receiver.url('/moved?c={transaction_id}') },
      (e) => e.state === 'failed',
    );
    expect(redirected.entry.attempts[0]).toMatchObject({
      statusCode: 302,
      error: null,
      errorText: expect.stringContaining(
        'redirect to https://tracker.example/pb?id=1 not followed (302 Found)',
      ),
    });

    const refused = await fire(
      { url: `${REFUSING_ORIGIN}/pb?c={transaction_id}`, maxAttempts: 1 },
      (e) => e.state === 'failed',
    );
    expect(refused.entry.attempts[0]).toMatchObject({
      error: 'network_error',
      errorMessage: expect.stringContaining('ECONNREFUSED'),
      errorText: expect.stringMatching(/^tracker refused the connection/),
    });

    // .invalid never resolves (RFC 6761); without a DNS server the lookup fails for now instead.
    const unknownHost = await fire(
      { url: 'http://no-such-tracker.invalid/pb?c={transaction_id}', maxAttempts: 1 },
      (e) => e.state === 'failed',
    );
    expect(unknownHost.entry.attempts[0]).toMatchObject({
      error: 'network_error',
      errorText: expect.stringMatching(/^tracker host not found \(DNS\)$|^DNS lookup/),
    });

    receiver.script('/nope', { status: 404 });
    const notFound = await fire(
      { url: receiver.url('/nope?c={transaction_id}') },
      (e) => e.state === 'failed',
    );
    expect(notFound.entry.attempts[0].errorText).toBe(
      'tracker does not know this URL (404 Not Found); check the URL',
    );
  });

  it('exports the exact ids of the API and the last error in code and words', async () => {
    receiver.script('/csv', { status: 302, headers: { location: 'https://t.example/final' } });
    const { entry, rule, transactionId } = await fire(
      { url: receiver.url('/csv?c={transaction_id}') },
      (e) => e.state === 'failed',
      { externalTransactionId: '=HYPERLINK("x")' },
    );
    expect(transactionId).toMatch(/^[a-z]/);

    const csv = await t.get(`/api/postback-logs/export?postbackId=${rule.id}`, {
      key: publisherKey,
    });
    expect(csv.status).toBe(200);
    const [header, line, ...rest] = csv.text.trim().split('\r\n');
    expect(rest).toEqual([]);
    const row = Object.fromEntries(csvFields(header).map((name, i) => [name, csvFields(line)[i]]));
    expect(row).toMatchObject({
      id: entry.id,
      transactionId,
      state: 'failed',
      lastStatusCode: '302',
      nextAttemptAt: '',
      attemptsLeft: '0',
      lastError: '',
      lastErrorText: expect.stringContaining('redirect to https://t.example/final not followed'),
      // A value from outside that a spreadsheet would run as a formula is still defused.
      externalTransactionId: `'=HYPERLINK("x")`,
    });
    expect(header.split(',').slice(-4)).toEqual([
      'nextAttemptAt',
      'attemptsLeft',
      'lastError',
      'lastErrorText',
    ]);

    const refused = await fire(
      { url: `${REFUSING_ORIGIN}/pb?c={transaction_id}`, maxAttempts: 1 },
      (e) => e.state === 'failed',
    );
    const refusedCsv = await t.get(`/api/postback-logs/export?postbackId=${refused.rule.id}`);
    const [, refusedLine] = refusedCsv.text.trim().split('\r\n');
    const fields = csvFields(refusedLine);
    expect(fields.slice(-2)).toEqual([
      'network_error',
      expect.stringMatching(/^tracker refused the connection/),
    ]);
    expect(fields[csvFields(header).indexOf('transactionId')]).toBe(refused.transactionId);
  });

  it('shows the request sent with its secrets masked, in the entry but not the list', async () => {
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
    const { entry } = await fire(
      {
        url: receiver.url('/masked'),
        method: 'POST',
        contentType: 'application/json',
        body: '{"click":"{transaction_id}","api_token":"tok-7f3a9c"}',
        headers: { Authorization: 'Bearer live-key-123456', 'X-Note': 'visible' },
        signingSecret: secret,
      },
      (e) => e.state === 'delivered',
    );
    // The receiver got the real values.
    const [sent] = receiver.to('/masked');
    expect(sent.headers.authorization).toBe('Bearer live-key-123456');
    expect(sent.body).toContain('tok-7f3a9c');

    expect(entry.attempts[0]).not.toHaveProperty('requestHeaders');
    const one = await t.get(`/api/postback-logs/${entry.id}`, { key: publisherKey });
    const [attempt] = one.body.attempts;
    expect(attempt.requestHeaders).toMatchObject({
      authorization: 'Bearer [masked]',
      'webhook-signature': '[masked]',
      'webhook-id': entry.id,
      'idempotency-key': entry.id,
      'x-note': 'visible',
      'content-type': 'application/json',
    });
    expect(JSON.parse(attempt.requestBody)).toEqual({
      click: entry.transactionId,
      api_token: '[masked]',
    });
    // Masked before storing: the table holds no secret at all.
    const [row] = await t.query(
      `SELECT request_headers::text || coalesce(request_body, '') AS stored
         FROM delivery_attempts WHERE delivery_id = $1`,
      [entry.id],
    );
    for (const value of [
      'live-key-123456',
      'tok-7f3a9c',
      secret,
      sent.headers['webhook-signature'],
    ])
      expect(row.stored).not.toContain(value);
  });
});
