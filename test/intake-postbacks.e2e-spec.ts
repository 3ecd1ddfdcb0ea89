import { clickOn, createNetwork, intakeGet, Network } from './helpers/conversion-fixtures';
import { createRule } from './helpers/postback-fixtures';
import { Receiver } from './helpers/receiver';
import { TestApp } from './helpers/test-app';

// Loopback opened for the receiver.
const ENV = { POSTBACK_ALLOWED_CIDRS: '127.0.0.0/8' };

// The whole path: advertiser S2S postback → conversion → the publisher's tracker is told.
describe('Conversions fire postback rules (e2e)', () => {
  let t: TestApp;
  let receiver: Receiver;
  let net: Network;

  beforeAll(async () => {
    t = await TestApp.start(ENV);
    receiver = await Receiver.start();
    net = await createNetwork(t);
  });
  afterAll(async () => {
    await t.stop();
    await receiver.stop();
  });

  const deliveriesOf = (conversionId: string) =>
    t.query(`SELECT status FROM deliveries WHERE conversion_id = $1 ORDER BY created_at`, [
      conversionId,
    ]);

  it('fires each status the conversion enters once, and nothing for repeats', async () => {
    await createRule(t, {
      type: 'conversion',
      publisherId: net.publisher.id,
      offerIds: [net.offer.id],
      url: receiver.url('/conv?cid={external_transaction_id}&s={status}&p={payout}&c={currency}'),
      statuses: ['approved', 'rejected'],
      statusMap: { approved: 'sale', rejected: 'rejected' },
    });
    const transactionId = await clickOn(t, net);
    const [click] = await t.query(
      `SELECT external_transaction_id FROM clicks WHERE transaction_id = $1`,
      [transactionId],
    );
    const key = net.advertiser.postbackKey;

    await intakeGet(t, key, { clickid: transactionId, status: 'lead' });
    await intakeGet(t, key, { clickid: transactionId, status: 'sale', payout: '12.5' });
    await intakeGet(t, key, { clickid: transactionId, status: 'sale', payout: '12.5' });
    const [approved] = await receiver.waitFor('/conv', 1);
    expect(approved.target).toBe(`/conv?cid=${click.external_transaction_id}&s=sale&p=12.50&c=USD`);

    await intakeGet(t, key, { clickid: transactionId, status: 'trash' });
    const requests = await receiver.waitFor('/conv', 2);
    expect(requests[1].target).toContain('&s=rejected&');

    const [conversion] = (await t.get(`/api/conversions?transactionId=${transactionId}`)).body
      .items;
    // pending matched no rule (statuses approved, rejected); the duplicate scheduled nothing.
    // Deliveries commit with the conversion, so they are all there by now.
    const deliveries = await deliveriesOf(conversion.id);
    expect(deliveries.map((d: any) => d.status)).toEqual(['approved', 'rejected']);
    expect(receiver.to('/conv')).toHaveLength(2);
  });

  it('fires a new conversion with the values it was stored with', async () => {
    const other = await createNetwork(t);
    // Network-level (a CRM's): {revenue} is for the network's own systems only.
    await createRule(t, {
      type: 'conversion',
      publisherId: null,
      offerIds: [other.offer.id],
      url: receiver.url('/new?id={conversion_id}&p={payout}&r={revenue}&t={conversion_time}'),
    });
    const transactionId = await clickOn(t, other);
    await intakeGet(t, other.advertiser.postbackKey, {
      clickid: transactionId,
      payout: '007.5',
      revenue: '3',
    });
    const [fired] = await receiver.waitFor('/new', 1);
    const [stored] = (await t.get(`/api/conversions?transactionId=${transactionId}`)).body.items;
    const seconds = Math.floor(Date.parse(stored.createdAt) / 1000);
    expect(stored).toMatchObject({ payout: '7.50', revenue: '3.00' });
    expect(fired.target).toBe(`/new?id=${stored.id}&p=7.50&r=3.00&t=${seconds}`);
  });
});
