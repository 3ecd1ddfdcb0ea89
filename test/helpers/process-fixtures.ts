import type { AppProcess } from './app-process';

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
