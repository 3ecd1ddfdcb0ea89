import type { AppProcess } from './app-process';
import { clickPath } from './tracking-fixtures';

// A network created through a running service's API (tests that start the service as a process).
export interface ProcessNetwork {
  advertiser: { id: number; postbackKey: string };
  offer: { id: number };
  publisher: { id: number };
}

export async function created(app: AppProcess, path: string, body: unknown): Promise<any> {
  const res = await app.post(path, body);
  if (res.status !== 201) throw new Error(`POST ${path}: ${res.status} ${res.text}`);
  return res.body;
}

export async function createProcessNetwork(app: AppProcess): Promise<ProcessNetwork> {
  const advertiser = await created(app, '/api/advertisers', { name: 'Adv' });
  const offer = await created(app, '/api/offers', {
    name: 'Offer',
    advertiserId: advertiser.id,
    url: 'https://adv.example/lp?click={transaction_id}&pub={aff_id}',
    payout: '10.00',
    revenue: '15.00',
    currency: 'USD',
  });
  const publisher = await created(app, '/api/publishers', { name: 'Pub' });
  return { advertiser, offer, publisher };
}

export async function createRule(
  app: AppProcess,
  network: ProcessNetwork,
  body: Record<string, unknown>,
): Promise<any> {
  return created(app, '/api/postbacks', {
    name: 'Rule',
    publisherId: network.publisher.id,
    offerIds: [network.offer.id],
    ...body,
  });
}

export interface ClickAnswer {
  status: number;
  // The network click id, read from the redirect (the offer URL carries {transaction_id}).
  transactionId: string | null;
  body: any;
}

export async function click(
  app: AppProcess,
  network: ProcessNetwork,
  timeoutMs = 15_000,
): Promise<ClickAnswer> {
  const path = clickPath({
    offerId: network.offer.id,
    publisherId: network.publisher.id,
    externalTransactionId: `ext-${Math.random().toString(36).slice(2)}`,
  });
  const res = await app.get(path, { key: null, timeoutMs });
  const location = res.headers.location;
  const transactionId =
    res.status === 302 && typeof location === 'string'
      ? new URL(location).searchParams.get('click')
      : null;
  return { status: res.status, transactionId, body: res.body };
}

export async function clickOk(
  app: AppProcess,
  network: ProcessNetwork,
  timeoutMs?: number,
): Promise<string> {
  const answer = await click(app, network, timeoutMs);
  if (answer.status !== 302 || !answer.transactionId)
    throw new Error(`click: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.transactionId;
}
