import { TestApp } from './test-app';

// Postback rules created through the public API. `key` defaults to the admin key; an admin
// must name `publisherId` (a publisher id, or null for a network-level rule).
export async function createRule(
  t: TestApp,
  body: Record<string, unknown>,
  key?: string,
): Promise<any> {
  const res = await t.post('/api/postbacks', { name: 'Rule', ...body }, { key });
  if (res.status !== 201) throw new Error(`postback rule: ${res.status} ${res.text}`);
  return res.body;
}

// A rule of the network's publisher on the network's offer.
export function createRuleOn(
  t: TestApp,
  network: { publisher: { id: number }; offer: { id: number } },
  fields: Record<string, unknown>,
): Promise<any> {
  return createRule(t, {
    publisherId: network.publisher.id,
    offerIds: [network.offer.id],
    ...fields,
  });
}
