import { DeliveryScheduler } from '../../src/postbacks/delivery/delivery-scheduler';
import { createAdvertiser, createKey, createOffer, createPublisher } from './fixtures';
import { createRuleOn } from './postback-fixtures';
import { ApiResponse, TestApp } from './test-app';
import { createClick } from './tracking-fixtures';

// One advertiser with an offer, one publisher, and a key for each, created through the API.
export interface Network {
  advertiser: { id: number; postbackKey: string };
  offer: { id: number; currency: string };
  publisher: { id: number };
  advertiserKey: string;
  publisherKey: string;
}

export async function createNetwork(
  t: TestApp,
  offerOverrides: Record<string, unknown> = {},
): Promise<Network> {
  const advertiser = await createAdvertiser(t);
  const offer = await createOffer(t, advertiser.id, offerOverrides);
  const publisher = await createPublisher(t);
  const advertiserKey = await createKey(t, { role: 'advertiser', advertiserId: advertiser.id });
  const publisherKey = await createKey(t, { role: 'publisher', publisherId: publisher.id });
  return { advertiser, offer, publisher, advertiserKey, publisherKey };
}

// A visitor's click on the network's offer through GET /click; returns the transaction id.
export async function clickOn(t: TestApp, network: Network): Promise<string> {
  const click = await createClick(t, {
    offerId: network.offer.id,
    publisherId: network.publisher.id,
    externalTransactionId: `ext-${Math.random().toString(36).slice(2)}`,
  });
  return click.transactionId;
}

export async function createConversion(
  t: TestApp,
  body: Record<string, unknown>,
  key?: string,
): Promise<any> {
  const res = await t.post('/api/conversions', body, { key });
  if (res.status !== 201) throw new Error(`conversion: ${res.status} ${res.text}`);
  return res.body;
}

// The advertiser's S2S postback URL with the given parameters.
export function intakePath(postbackKey: string, params: Record<string, string> = {}): string {
  const query = new URLSearchParams(params).toString();
  return `/postback/${postbackKey}${query ? `?${query}` : ''}`;
}

export function intakeGet(
  t: TestApp,
  postbackKey: string,
  params: Record<string, string>,
): Promise<ApiResponse> {
  return t.get(intakePath(postbackKey, params), { key: null });
}

// POST with an application/x-www-form-urlencoded body (and optional query parameters).
export function intakePostForm(
  t: TestApp,
  postbackKey: string,
  form: Record<string, string>,
  query: Record<string, string> = {},
): Promise<ApiResponse> {
  return t.call('POST', intakePath(postbackKey, query), {
    key: null,
    body: new URLSearchParams(form).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
}

export async function conversionRows(t: TestApp, transactionId: string): Promise<any[]> {
  return t.query(
    `SELECT id, status, event, advertiser_transaction_id, payout::text AS payout,
            revenue::text AS revenue, currency FROM conversions WHERE transaction_id = $1
     ORDER BY id`,
    [transactionId],
  );
}

// A network whose conversions fire one rule, and whose delivery rows the database refuses (the
// planned row twice: the same primary key). The conversion is written together with them, so
// it must not be stored either. The rule's URL is never reached.
export async function networkWithUnstorableDeliveries(t: TestApp): Promise<Network> {
  const network = await createNetwork(t);
  await createRuleOn(t, network, {
    type: 'conversion',
    url: 'https://tracker.example/postback?cid={transaction_id}',
  });
  const scheduler = t.app.get(DeliveryScheduler);
  const plan = scheduler.plan.bind(scheduler);
  jest.spyOn(scheduler, 'plan').mockImplementation(async (triggers) => {
    const planned = await plan(triggers);
    if (triggers.some((trigger) => trigger.kind !== 'conversion')) return planned;
    if (planned.rows.length !== 1) throw new Error(`expected one planned delivery`);
    return { ...planned, rows: [planned.rows[0], planned.rows[0]] };
  });
  return network;
}
