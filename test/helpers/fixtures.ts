import { TestApp } from './test-app';

// Catalog fixtures created through the public API, as a network manager would.
export async function createAdvertiser(t: TestApp, overrides: Record<string, unknown> = {}) {
  const res = await t.post('/api/advertisers', { name: 'Adv', ...overrides });
  if (res.status !== 201) throw new Error(`advertiser: ${res.status} ${res.text}`);
  return res.body;
}

export async function createPublisher(t: TestApp, overrides: Record<string, unknown> = {}) {
  const res = await t.post('/api/publishers', { name: 'Pub', ...overrides });
  if (res.status !== 201) throw new Error(`publisher: ${res.status} ${res.text}`);
  return res.body;
}

export async function createOffer(
  t: TestApp,
  advertiserId: number,
  overrides: Record<string, unknown> = {},
) {
  const res = await t.post('/api/offers', {
    name: 'Offer',
    advertiserId,
    url: 'https://adv.example/lp?click={transaction_id}&pub={aff_id}',
    payout: '10.00',
    revenue: '15.00',
    currency: 'USD',
    ...overrides,
  });
  if (res.status !== 201) throw new Error(`offer: ${res.status} ${res.text}`);
  return res.body;
}

export async function createKey(t: TestApp, body: Record<string, unknown>): Promise<string> {
  const res = await t.post('/api/api-keys', { name: 'key', ...body });
  if (res.status !== 201) throw new Error(`api key: ${res.status} ${res.text}`);
  return res.body.key;
}
