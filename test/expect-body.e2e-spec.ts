import { clickOn, createConversion, createNetwork, Network } from './helpers/conversion-fixtures';
import { createRuleOn } from './helpers/postback-fixtures';
import { eventually, Receiver } from './helpers/receiver';
import { createClick } from './helpers/tracking-fixtures';
import { TestApp } from './helpers/test-app';

// Retries in milliseconds, so a retry that should not happen would show within the test.
const ENV = {
  POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8',
  DELIVERY_RETRY_SCHEDULE: '0,50,100,150,200,250,300,350',
};

// SPEC §6 expectBody: a 2xx without the expected text is `unexpected_body`, failed, no retry.
describe('expectBody at delivery (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;

  beforeAll(async () => {
    t = await TestApp.start(ENV);
    receiver = await Receiver.start();
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  async function finishedEntry(transactionId: string) {
    return eventually(
      async () => {
        const entry = (await t.get(`/api/postback-logs?transactionId=${transactionId}`)).body
          .items?.[0];
        return entry && (entry.state === 'delivered' || entry.state === 'failed')
          ? entry
          : undefined;
      },
      20_000,
      `finished delivery of ${transactionId}`,
    );
  }

  async function convert(network: Network): Promise<string> {
    const transactionId = await clickOn(t, network);
    await createConversion(t, { transactionId }, network.advertiserKey);
    return transactionId;
  }

  it('fails a 200 that does not carry the expected text after one attempt, and says why', async () => {
    const network = await createNetwork(t);
    receiver.script('/exo-bad', { status: 200, body: 'ERROR: bad goal' }, { status: 200 });
    await createRuleOn(t, network, {
      type: 'conversion',
      url: receiver.url('/exo-bad?tag={external_transaction_id}&goal=sale'),
      maxAttempts: 8,
      expectBody: 'OK',
    });
    const transactionId = await convert(network);
    const entry = await finishedEntry(transactionId);
    expect(entry.state).toBe('failed');
    expect(entry.attempts).toEqual([
      expect.objectContaining({
        n: 1,
        statusCode: 200,
        responseBody: 'ERROR: bad goal',
        error: 'unexpected_body',
        errorText: 'tracker answered 200 but not with the expected text "OK"; its answer says why',
      }),
    ]);
    expect(entry.attemptsLeft).toBe(0);
    expect(receiver.to('/exo-bad')).toHaveLength(1);
  });

  it('delivers a 200 that carries the expected text', async () => {
    const network = await createNetwork(t);
    receiver.script('/exo-ok', { status: 200, body: 'OK' });
    await createRuleOn(t, network, {
      type: 'conversion',
      url: receiver.url('/exo-ok?tag={external_transaction_id}&goal=sale'),
      expectBody: 'OK',
    });
    const transactionId = await convert(network);
    const entry = await finishedEntry(transactionId);
    expect(entry.state).toBe('delivered');
    expect(entry.attempts).toEqual([
      expect.objectContaining({ n: 1, statusCode: 200, responseBody: 'OK', error: null }),
    ]);
  });

  it('counts unexpected answers towards the auto-pause of the rule', async () => {
    const network = await createNetwork(t);
    const rule = await createRuleOn(t, network, {
      type: 'click',
      url: receiver.url('/never-ok?c={transaction_id}'),
      expectBody: 'ACCEPTED',
    });
    // The receiver's default answer is `200 OK`: never the expected text.
    for (let i = 0; i < 20; i++) {
      await createClick(t, { offerId: network.offer.id, publisherId: network.publisher.id });
    }
    const paused = await eventually(
      async () => {
        const body = (await t.get(`/api/postbacks/${rule.id}`)).body;
        return body.enabled === false ? body : undefined;
      },
      30_000,
      'the rule to pause',
    );
    expect(paused.pausedReason).toBe('last 20 deliveries failed');
    expect(receiver.to('/never-ok')).toHaveLength(20);
  });
});
